"""The public catalog pages, server-rendered."""

import pytest

from marketplace.models import Listing
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(review):
    manholes = CategoryFactory()
    water = CategoryFactory(slug="water-quality", name="Water quality")
    return [
        published_listing(
            title="Manhole Guard", slug="manhole-guard", category=manholes
        ),
        published_listing(title="Cover Sense", slug="cover-sense", category=manholes),
        published_listing(title="Aqua Probe", slug="aqua-probe", category=water),
    ]


def test_home_page_lists_the_categories_with_counts(client, listings):
    html = client.get("/").content.decode()

    assert 'href="/categories/utilities/">Utilities</a>' in html
    assert 'href="/categories/smart-manholes/">Smart manholes</a>' in html
    assert "(2)" in html


def test_a_section_page_shows_the_listings_of_its_kinds(client, listings):
    response = client.get("/categories/utilities/")

    assert response.status_code == 200
    assert [listing.title for listing in response.context["page_obj"]] == [
        "Aqua Probe",
        "Cover Sense",
        "Manhole Guard",
    ]


def test_a_kind_page_shows_only_its_listings(client, listings):
    response = client.get("/categories/water-quality/")

    assert [listing.title for listing in response.context["page_obj"]] == ["Aqua Probe"]


def test_listing_detail_shows_plans_and_facts(client, listings):
    html = client.get("/solutions/manhole-guard/").content.decode()

    assert "<h1" in html and "Manhole Guard" in html
    assert "CNY 680.00" in html
    assert "Hardware plus SaaS" in html
    assert "China" in html


def test_a_draft_has_no_public_page(client, listings):
    Listing.objects.filter(slug="cover-sense").update(live=False)

    assert client.get("/solutions/cover-sense/").status_code == 404
    assert (
        "Cover Sense" not in client.get("/categories/smart-manholes/").content.decode()
    )


def test_vendor_storefront_lists_the_vendors_listings(client, listings):
    vendor = listings[0].vendor

    response = client.get(f"/vendors/{vendor.organization.slug}/")

    assert [listing.title for listing in response.context["page_obj"]] == [
        "Manhole Guard"
    ]


def test_unverified_vendors_have_no_storefront(client, review):
    applicant = VendorFactory(status="applied")

    assert client.get(f"/vendors/{applicant.organization.slug}/").status_code == 404


def test_compare_shows_up_to_four_listings_side_by_side(client, listings, review):
    extra = [
        published_listing(
            title=f"Extra {n}", slug=f"extra-{n}", category=CategoryFactory()
        )
        for n in range(3)
    ]
    slugs = ["manhole-guard", "aqua-probe", *(listing.slug for listing in extra)]

    response = client.get("/compare/", {"listing": slugs})

    assert [listing.slug for listing in response.context["listings"]] == slugs[:4]
    assert "Compare up to 4 solutions" in response.context["error"]
    assert "<caption>4 solutions side by side</caption>" in response.content.decode()
