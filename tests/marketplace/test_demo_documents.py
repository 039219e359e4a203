"""The demo listings' documents: a datasheet written from each listing and, where
it states certifications, the vendor's statement of them, uploaded as a vendor
uploads documents and downloaded from the listing's page."""

import io
import re

import pytest
from pypdf import PdfReader

from marketplace.demo.datasheets import datasheet_pdf
from marketplace.demo.listing_documents import seed_documents
from marketplace.models import Certification, Listing, ListingDocument, Plan, Protocol
from tests.factories.catalog import VendorFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo_vendor(db):
    """A vendor of the demo catalog (the demo's documents are for its vendors)."""
    return VendorFactory(
        organization__slug="lumen-urban-systems",
        organization__name="Lumen Urban Systems",
        legal_name="Lumen Urban Systems Co., Ltd.",
    )


def described(listing: Listing, *, certifications=(), protocols=()) -> Listing:
    """The listing published again, stating `certifications` and `protocols`."""
    listing.certifications.set(
        [
            Certification.objects.create(name=name, slug=name.lower())
            for name in certifications
        ]
    )
    listing.protocols.set(
        [Protocol.objects.create(name=name, slug=name.lower()) for name in protocols]
    )
    listing.save()
    listing.save_revision().publish()
    return Listing.objects.get(pk=listing.pk)


@pytest.fixture
def street_lights(demo_vendor):
    listing = published_listing(
        vendor=demo_vendor,
        slug="street-light-cms",
        title="Lumen Street Lighting CMS",
        summary="Maps, schedules and meters street lights.",
        regions=["CN", "SG"],
        plans=[
            Plan(
                code="STD",
                name="Standard",
                billing="monthly",
                unit="site",
                currency="CNY",
                unit_price=652000,
                setup_fee=150000,
                min_quantity=2,
                price_breaks=[{"min_quantity": 20, "unit_price": 588000}],
            )
        ],
    )
    return described(listing, certifications=["IP68"], protocols=["NB-IoT"])


def pdf_text(content: bytes) -> str:
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )
    return re.sub(r"\s+", " ", text)


def document_links(html: str) -> dict[str, str]:
    """The listing page's document links: title → address."""
    return {
        title.strip(): href
        for href, title in re.findall(
            r'<a class="usa-link" href="([^"]+/documents/\d+/)" download>([^<]+)</a>',
            html,
        )
    }


def test_a_demo_listing_page_offers_its_datasheet_written_from_the_listing(
    client, street_lights
):
    added = seed_documents()

    assert added == {"datasheets": 1, "certificates": 1}
    links = document_links(client.get("/solutions/street-light-cms/").content.decode())
    assert set(links) == {
        "Lumen Street Lighting CMS datasheet",
        "Lumen Street Lighting CMS certifications",
    }
    response = client.get(links["Lumen Street Lighting CMS datasheet"])
    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for fact in (
        "Lumen Street Lighting CMS",
        "by Lumen Urban Systems",
        "Maps, schedules and meters street lights.",
        # Prices in major units with their currency, per what and how often.
        "CNY 6,520.00 per site · Monthly · setup fee CNY 1,500.00",
        "at least 2; from 20: CNY 5,880.00 each",
        "China, Singapore",
        "NB-IoT",
        "IP68",
    ):
        assert fact in text


def test_a_statement_names_the_certifications_the_listing_states(client, street_lights):
    seed_documents()

    links = document_links(client.get("/solutions/street-light-cms/").content.decode())
    response = client.get(links["Lumen Street Lighting CMS certifications"])

    text = pdf_text(b"".join(response.streaming_content))
    assert "Lumen Urban Systems Co., Ltd. states that Lumen Street Lighting CMS" in text
    assert "IP68 Dust-tight; protected against continuous immersion in water" in text
    assert ListingDocument.objects.get(title__endswith="certifications").kind == (
        "certificate"
    )


def test_a_listing_stating_no_certification_gets_its_datasheet_alone(demo_vendor):
    listing = published_listing(vendor=demo_vendor)

    assert seed_documents() == {"datasheets": 1, "certificates": 0}
    assert [item.kind for item in listing.documents.all()] == ["datasheet"]


def test_a_second_run_adds_nothing(street_lights):
    seed_documents()

    assert seed_documents() == {"datasheets": 0, "certificates": 0}
    assert ListingDocument.objects.count() == 2


def test_listings_of_other_vendors_and_with_changes_waiting_are_left_alone(
    demo_vendor,
):
    published_listing(vendor=VendorFactory())
    waiting = published_listing(vendor=demo_vendor, slug="waiting")
    waiting.summary = "A vendor's edit, not reviewed yet."
    waiting.save_revision()

    assert seed_documents() == {"datasheets": 0, "certificates": 0}
    assert not ListingDocument.objects.exists()
    assert Listing.objects.get(pk=waiting.pk).has_unpublished_changes


def test_a_datasheet_in_chinese_is_set_in_fonts_that_have_its_characters(
    demo_vendor,
):
    listing = published_listing(
        vendor=demo_vendor,
        language="zh-hans",
        title="井盖卫士 NB-IoT",
        summary="为井盖安装的传感器。",
    )

    text = pdf_text(datasheet_pdf(listing))

    assert "井盖卫士 NB-IoT" in text
    assert "为井盖安装的传感器。" in text


def check_demo_datasheets(client) -> None:
    """On the demo as `seed_demo` loads it (the slow test of test_demo_catalog):
    every published listing has a datasheet to download, given as the catalog
    load built it (a second run adds nothing)."""
    added = seed_documents()

    published = Listing.objects.filter(live=True)
    assert published.count() > 300
    assert added == {"datasheets": 0, "certificates": 0}
    assert not published.exclude(documents__kind="datasheet").exists()
    listing = published.filter(certifications__isnull=False).order_by("pk").first()
    html = client.get(f"/solutions/{listing.slug}/").content.decode()
    links = document_links(html)
    assert set(links) == {
        f"{listing.title} datasheet",
        f"{listing.title} certifications",
    }
    response = client.get(links[f"{listing.title} datasheet"])
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")
    assert listing.title in pdf_text(content)
