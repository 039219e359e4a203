"""A listing's page suggests what buyers order with it and similar solutions from
other vendors; the API answers the same lists."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import ListingPairDay
from marketplace.models import Capability, Category, Listing, Protocol
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    published_listing,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(write_review):
    """`guard` (by north) provides alerts, requires an NB-IoT gateway and speaks
    NB-IoT. Around it: listings of other vendors sharing some of that in its kind
    and its section, and others that must never be suggested."""
    manholes = CategoryFactory()
    gauges = Category.objects.create(
        name="Groundwater gauges", slug="groundwater-gauges", parent=manholes.parent
    )
    cameras = Category.objects.create(
        name="Video surveillance",
        slug="video-surveillance",
        parent=Category.objects.create(name="Public safety", slug="public-safety"),
    )
    alerts = Capability.objects.create(name="Flood alerts", slug="flood-alerts")
    gateway = Capability.objects.create(name="NB-IoT gateway", slug="nb-iot-gateway")
    nbiot = Protocol.objects.create(name="NB-IoT", slug="nb-iot")
    north, south, east = VendorFactory(), VendorFactory(), VendorFactory()

    def make(slug, category, vendor, provides=(), requires=(), protocols=()):
        listing = published_listing(
            title=slug.replace("-", " ").title(),
            slug=slug,
            category=category,
            vendor=vendor,
        )
        listing.provides.set(provides)
        listing.requires.set(requires)
        listing.protocols.set(protocols)
        listing.save()
        return listing

    listings = {
        "guard": make("guard", manholes, north, [alerts], [gateway], [nbiot]),
        # Shares all three, same kind.
        "twin": make("twin", manholes, south, [alerts], [gateway], [nbiot]),
        # Share one each, same kind: the better rated first.
        "rival": make("rival", manholes, east, protocols=[nbiot]),
        "rival-plus": make("rival-plus", manholes, south, provides=[alerts]),
        # Shares one, another kind of the same section.
        "cousin": make("cousin", gauges, south, provides=[alerts]),
        # Never suggested as similar: the same vendor, another section, nothing
        # shared, withdrawn.
        "own": make("own", manholes, north, [alerts], [gateway], [nbiot]),
        "far": make("far", cameras, south, [alerts], [gateway], [nbiot]),
        "unrelated": make("unrelated", manholes, south),
        "withdrawn": make("withdrawn", manholes, south, [alerts], [gateway], [nbiot]),
    }
    Listing.objects.filter(pk=listings["withdrawn"].pk).update(
        suspended_at=timezone.now()
    )
    write_review(listings["rival-plus"], 5)
    write_review(listings["rival"], 2)
    return listings


@pytest.fixture
def ordered_together(catalog):
    """What the statistics rollup keeps of ordered packages: pairs of listings and
    how many packages held both, per day (no package, no buyer)."""
    guard = catalog["guard"].pk
    for other, day, packages in (
        ("twin", date(2026, 3, 1), 7),
        ("twin", date(2026, 4, 2), 5),
        ("far", date(2026, 4, 2), 3),
        ("cousin", date(2026, 5, 9), 5),
        ("withdrawn", date(2026, 5, 9), 9),
    ):
        for a, b in ((guard, catalog[other].pk), (catalog[other].pk, guard)):
            ListingPairDay.objects.create(
                day=day, listing_id=a, other_id=b, packages=packages
            )
    return catalog


def card_titles(html: str, heading: str) -> list[str]:
    """The titles of the cards in the section under `heading`, in order."""
    section = html.split(heading, 1)[1].split("</section>", 1)[0]
    return [
        part.split("</a>", 1)[0].rsplit(">", 1)[1]
        for part in section.split('class="usa-card__heading"')[1:]
    ]


def test_similar_solutions_share_the_most_first_then_rate_better(client, catalog):
    response = client.get("/solutions/guard/")

    html = response.content.decode()
    assert card_titles(html, "Similar solutions from other vendors") == [
        "Twin",
        "Rival Plus",
        "Rival",
        "Cousin",
    ]


def test_often_combined_with_counts_the_ordered_packages(client, ordered_together):
    response = client.get("/solutions/guard/")

    html = response.content.decode()
    assert card_titles(html, "Often combined with") == ["Twin", "Cousin", "Far"]
    assert "In 12 ordered packages" in html
    assert "In 5 ordered packages" in html
    assert '<h2 id="combined-heading">' in html


def test_a_listing_with_nothing_related_shows_no_heading(client, catalog):
    response = client.get("/solutions/unrelated/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Often combined with" not in html
    assert "Similar solutions from other vendors" not in html


def test_the_page_asks_the_same_number_of_queries_however_many_are_related(
    client, ordered_together
):
    # Once first, for what a process reads once (the site, its locales).
    client.get("/solutions/far/")
    with CaptureQueriesContext(connection) as few:
        client.get("/solutions/cousin/")
    with CaptureQueriesContext(connection) as many:
        client.get("/solutions/guard/")

    assert len(many) == len(few)


def test_the_api_answers_both_lists(api_client, ordered_together):
    response = api_client.get("/api/v1/listings/guard/related/")

    assert response.status_code == 200
    body = response.json()
    combined = [
        (item["slug"], item["packages"]) for item in body["often_combined_with"]
    ]
    assert combined == [("twin", 12), ("cousin", 5), ("far", 3)]
    assert [item["slug"] for item in body["similar"]] == [
        "twin",
        "rival-plus",
        "rival",
        "cousin",
    ]
    # The same summary as a search result.
    assert body["similar"][1]["rating"] == 5.0
    assert body["similar"][1]["vendor"]["slug"]


def test_the_api_answers_404_for_a_listing_not_on_the_store(api_client, catalog):
    assert api_client.get("/api/v1/listings/withdrawn/related/").status_code == 404
    assert api_client.get("/api/v1/listings/nothing/related/").status_code == 404


def test_the_schema_documents_the_related_lists(api_client):
    response = api_client.get("/api/v1/schema/", {"format": "json"})

    operation = response.json()["paths"]["/api/v1/listings/{slug}/related/"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/ListingRelated")
