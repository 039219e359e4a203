"""The vendor listing editor: one form that saves text, plans, images and documents
together; documents buyers download; prices typed in major units."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from marketplace.models import Category, Listing
from tests.factories import PlatformMemberFactory
from tests.factories.catalog import SectionFactory, published_listing

pytestmark = pytest.mark.django_db


def _png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (22, 46, 81)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name: str = "datasheet.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor(client, vendor, publisher, form_as_sent, media):
    """The editor of a published listing of the vendor, signed in as its publisher:
    `editor.send(**changes)` posts the form as the browser has it, with changes."""
    listing = published_listing(vendor=vendor, slug="manhole-guard")
    url = f"/vendor/listings/{listing.pk}/"
    client.force_login(publisher)

    class Editor:
        def page(self, path: str = url) -> str:
            return client.get(path).content.decode()

        def send(self, **changes):
            return client.post(url, {**form_as_sent(self.page()), **changes})

        def draft(self) -> Listing:
            return Listing.objects.get(pk=listing.pk).get_latest_revision_as_object()

    Editor.listing = listing
    Editor.url = url
    return Editor()


def draft_document_published(editor) -> None:
    """The curators approve the draft as it is."""
    Listing.objects.get(pk=editor.listing.pk).get_latest_revision().publish()


# One form: nothing is lost ----------------------------------------------------------


def test_adding_a_document_saves_the_text_edited_beside_it(editor):
    response = editor.send(
        **{
            "listing-summary": "Now with gas sensors.",
            "document-file": pdf(),
            "document-title": "Datasheet 2026",
            "document-kind": "datasheet",
        }
    )

    assert response.status_code == 302
    draft = editor.draft()
    assert draft.summary == "Now with gas sensors."
    assert [(d.title, d.kind) for d in draft.documents.all()] == [
        ("Datasheet 2026", "datasheet")
    ]
    page = editor.page()
    assert "Datasheet 2026" in page and "Now with gas sensors." in page


def test_adding_an_image_saves_the_plan_price_edited_beside_it(editor):
    response = editor.send(
        **{
            "plans-0-unit_price": "725.50",
            "image-file": SimpleUploadedFile(
                "camera.png", _png_bytes(), content_type="image/png"
            ),
            "image-caption": "Camera on a lamp post",
        }
    )

    assert response.status_code == 302
    draft = editor.draft()
    assert [p.unit_price for p in draft.plans.all()] == [72550]
    assert [i.caption for i in draft.images.all()] == ["Camera on a lamp post"]


def test_a_refused_upload_keeps_the_text_typed_and_saves_nothing(editor):
    revisions = editor.listing.revisions.count()

    response = editor.send(
        **{
            "listing-summary": "Typed before the upload.",
            "document-file": pdf("datasheet.pdf", b"PK\x03\x04 a zip, not a PDF"),
            "document-title": "Datasheet",
        }
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is not a PDF" in html
    assert "Typed before the upload." in html
    assert "Nothing is saved yet" in html
    assert editor.listing.revisions.count() == revisions


def test_a_valid_file_beside_an_error_is_asked_for_again(editor):
    response = editor.send(
        **{
            "plans-0-unit_price": "12.505",
            "document-file": pdf(),
            "document-title": "Datasheet",
        }
    )

    html = response.content.decode()
    assert "CNY amounts have at most 2 decimals." in html
    assert "Choose this file again" in html
    assert list(editor.draft().documents.all()) == []


def test_a_document_needs_a_title(editor):
    response = editor.send(**{"document-file": pdf(), "document-title": ""})

    assert response.status_code == 200
    assert "Give the document a title" in response.content.decode()


def test_a_document_over_the_size_limit_is_refused(editor, settings):
    from marketplace import limits

    big = PDF + b"0" * limits.MAX_DOCUMENT_BYTES

    response = editor.send(
        **{"document-file": pdf(content=big), "document-title": "Huge"}
    )

    assert response.status_code == 200
    assert "a document is at most 20 MB" in response.content.decode()


def test_a_document_is_removed_by_ticking_it(editor):
    editor.send(**{"document-file": pdf(), "document-title": "Old datasheet"})
    document_id = editor.draft().documents.all()[0].document_id

    editor.send(**{"media-remove_documents": str(document_id)})

    assert list(editor.draft().documents.all()) == []


def test_the_editor_warns_before_leaving_with_unsaved_changes(editor):
    soup = BeautifulSoup(editor.page(), "html.parser")

    assert soup.select_one("form[data-unsaved-warning][enctype='multipart/form-data']")
    scripts = [tag.get("src") for tag in soup.select("script")]
    assert any(src and src.endswith("/js/unsaved-changes.js") for src in scripts)
    # The Content-Security-Policy allows no inline script.
    assert all(tag.get("src") for tag in soup.select("script"))


def test_the_translation_editor_warns_too(editor):
    soup = BeautifulSoup(editor.page(f"{editor.url}translations/ja/"), "html.parser")

    assert soup.select_one("form[data-unsaved-warning]")
    scripts = [tag.get("src") or "" for tag in soup.select("script")]
    assert any(src.endswith("/js/unsaved-changes.js") for src in scripts)


# Documents for buyers -------------------------------------------------------------


def test_a_buyer_downloads_a_published_listings_document(editor, client):
    editor.send(
        **{
            "document-file": pdf(),
            "document-title": "ISO 27001 certificate",
            "document-kind": "certificate",
        }
    )
    draft_document_published(editor)
    client.logout()

    page = client.get("/solutions/manhole-guard/").content.decode()
    link = BeautifulSoup(page, "html.parser").find("a", string="ISO 27001 certificate")
    download = client.get(link["href"])

    assert "Documents" in page and "Certificate" in page and "PDF" in page
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="ISO 27001 certificate.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_drafts_document_is_not_to_be_had_by_buyers(editor, client):
    editor.send(**{"document-file": pdf(), "document-title": "Next year's roadmap"})
    document_id = editor.draft().documents.all()[0].document_id
    preview = client.get(f"{editor.url}preview/").content.decode()
    vendor_link = f"{editor.url}documents/{document_id}/"

    assert vendor_link in preview
    assert client.get(vendor_link).status_code == 200
    client.logout()
    public = f"/solutions/manhole-guard/documents/{document_id}/"
    assert client.get(public).status_code == 404
    assert "Next year" not in client.get("/solutions/manhole-guard/").content.decode()
    assert client.get(vendor_link).status_code == 302  # to the login page


def test_a_draft_documents_file_name_cannot_be_guessed(editor):
    editor.send(**{"document-file": pdf("secret-plans.pdf"), "document-title": "X"})

    name = editor.draft().documents.all()[0].document.file.name
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", name)


# Prices in major units ------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "typed", "stored"),
    [("CNY", "12.50", 1250), ("JPY", "1500", 1500), ("USD", "1,250.00", 125000)],
)
def test_prices_are_typed_in_major_units_and_kept_in_minor_units(
    editor, currency, typed, stored
):
    response = editor.send(
        **{"plans-0-currency": currency, "plans-0-unit_price": typed}
    )

    assert response.status_code == 302
    assert [p.unit_price for p in editor.draft().plans.all()] == [stored]


@pytest.mark.parametrize(
    ("currency", "typed", "error"),
    [
        ("CNY", "12.505", "CNY amounts have at most 2 decimals."),
        ("JPY", "1500.5", "JPY amounts are whole numbers, without decimals."),
        ("CNY", "-5", "Enter an amount of 0 or more."),
        ("CNY", "12,50", "Enter an amount as a number, e.g. 125.00."),
        ("CNY", "100000000.01", "At most CNY 100,000,000.00."),
    ],
)
def test_an_amount_the_currency_cannot_hold_is_refused(editor, currency, typed, error):
    revisions = editor.listing.revisions.count()

    response = editor.send(
        **{"plans-0-currency": currency, "plans-0-unit_price": typed}
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert editor.listing.revisions.count() == revisions


def test_the_editor_shows_prices_and_volume_prices_in_major_units(editor):
    editor.send(
        **{
            "plans-0-setup_fee": "1500.00",
            "plans-0-price_breaks_0_quantity": "100",
            "plans-0-price_breaks_0_price": "650.00",
            "plans-0-price_breaks_1_quantity": "500",
            "plans-0-price_breaks_1_price": "610",
        }
    )

    plan = editor.draft().plans.all()[0]
    assert (plan.unit_price, plan.setup_fee) == (68000, 150000)
    assert plan.price_breaks == [
        {"min_quantity": 100, "unit_price": 65000},
        {"min_quantity": 500, "unit_price": 61000},
    ]
    soup = BeautifulSoup(editor.page(), "html.parser")
    assert soup.select_one("[name=plans-0-unit_price]")["value"] == "680.00"
    assert soup.select_one("[name=plans-0-setup_fee]")["value"] == "1500.00"
    assert soup.select_one("[name=plans-0-price_breaks_1_price]")["value"] == "610.00"


def test_a_volume_price_row_needs_both_numbers(editor):
    response = editor.send(**{"plans-0-price_breaks_0_quantity": "100"})

    assert "Row 1: give both a quantity and a unit price." in response.content.decode()


# Regions and categories -------------------------------------------------------------


def test_regions_are_grouped_checkboxes_with_the_chosen_groups_open(editor):
    soup = BeautifulSoup(editor.page(), "html.parser")

    groups = {
        group.summary.contents[0].strip(): group
        for group in soup.select("details[data-choice-group]")
    }
    assert "East Asia" in groups and "Europe" in groups
    assert groups["East Asia"].has_attr("open")
    assert not groups["Europe"].has_attr("open")
    china = groups["East Asia"].select_one("input[value=CN]")
    assert china.has_attr("checked") and china["type"] == "checkbox"
    assert len(soup.select("input[name=listing-regions]")) == 249
    assert soup.select_one("[data-choice-filter-box]").has_attr("hidden")


def test_regions_ticked_in_several_groups_are_saved(editor):
    editor.send(**{"listing-regions": ["CN", "DE", "BR"]})

    assert sorted(str(c) for c in editor.draft().regions) == ["BR", "CN", "DE"]


def test_categories_are_sorted_by_name_within_their_sections(editor, category):
    water = SectionFactory(name="Water", slug="water")
    Category.objects.create(parent=water, name="Pumps", slug="pumps")
    Category.objects.create(parent=water, name="Leak detection", slug="leaks")
    Category.objects.create(
        parent=category.parent, name="Bins", slug="bins", sort_order=9
    )

    select = BeautifulSoup(editor.page(), "html.parser").select_one(
        "select[name=listing-category]"
    )

    groups = [
        (group["label"], [o.text for o in group.select("option")])
        for group in select.select("optgroup")
    ]
    assert groups == [
        ("Utilities", ["Bins", "Smart manholes"]),
        ("Water", ["Leak detection", "Pumps"]),
    ]


# The admin ---------------------------------------------------------------------------


def test_the_admin_plan_form_takes_major_units(client, editor, form_as_sent):
    admin = PlatformMemberFactory(role=Role.CURATOR)
    client.force_login(admin)
    url = f"/cms/snippets/marketplace/listing/edit/{editor.listing.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_as_sent(page.content.decode(), "form[data-edit-form]")

    assert data["plans-0-unit_price"] == ["680.00"]
    data["plans-0-unit_price"] = "725.50"
    data["plans-0-price_breaks_0_quantity"] = "100"
    data["plans-0-price_breaks_0_price"] = "700"
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Listing.objects.get(pk=editor.listing.pk).get_latest_revision_as_object()
    plan = plan.plans.all()[0]
    assert plan.unit_price == 72550
    assert plan.price_breaks == [{"min_quantity": 100, "unit_price": 70000}]


def test_the_admin_plan_form_refuses_decimals_the_currency_has_not(
    client, editor, form_as_sent
):
    client.force_login(PlatformMemberFactory(role=Role.CURATOR))
    url = f"/cms/snippets/marketplace/listing/edit/{editor.listing.pk}/"
    data = form_as_sent(client.get(url).content.decode(), "form[data-edit-form]")
    data["plans-0-currency"] = "JPY"
    data["plans-0-unit_price"] = "680.50"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "JPY amounts are whole numbers" in response.content.decode()


def test_curators_see_the_documents_in_the_admin(client, editor):
    editor.send(
        **{
            "document-file": pdf(),
            "document-title": "Security white paper",
            "document-kind": "white_paper",
        }
    )
    client.force_login(PlatformMemberFactory(role=Role.CURATOR))

    page = client.get(f"/cms/snippets/marketplace/listing/edit/{editor.listing.pk}/")

    soup = BeautifulSoup(page.content.decode(), "html.parser")
    assert (
        soup.select_one("[name=documents-0-title]")["value"] == "Security white paper"
    )
    kind = soup.select_one("[name=documents-0-kind] option[selected]")
    assert kind["value"] == "white_paper"
