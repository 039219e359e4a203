"""The demo's curated collections are starter packages that make sense: every line
serves the region the collection is written for, the lines provide what the
others require, the package a buyer there starts from it shows no warning, and
it costs what such a project costs (the band written beside each collection in
`marketplace.demo.curation`)."""

import pytest
from wagtail.models import Locale

from accounts.roles import Role
from marketplace.demo import catalog_data, curation_text
from marketplace.demo.catalog import seed_catalog
from marketplace.demo.curation import CASE_STUDY, COLLECTIONS, seed_curation
from marketplace.money import Money
from marketplace.pages import CaseStudyPage, CollectionPage
from marketplace.selectors.packages import package_summarize
from marketplace.services.packages import package_from_collection
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def named_listings() -> set[str]:
    """The listings the collections and the case study name."""
    return {slug for spec in COLLECTIONS for slug, *_line in spec["items"]} | {
        slug for slug, _role in CASE_STUDY["roles"]
    }


@pytest.fixture
def collections(review, monkeypatch):
    """The demo's curation seeded over the part of its catalog the collections
    name (the whole catalog takes a minute; the slow test below loads it)."""
    catalog = catalog_data.build_catalog()
    names = named_listings()
    monkeypatch.setattr(
        catalog_data,
        "build_catalog",
        lambda: [spec for spec in catalog if spec["slug"] in names],
    )
    seed_catalog()
    monkeypatch.undo()
    seed_curation()


def check_collections(client) -> None:
    default = Locale.get_default()
    for spec in COLLECTIONS:
        page = CollectionPage.objects.get(slug=spec["slug"], locale=default)
        region = spec["region"]
        lines = page.lines()
        # Every line the demo names is on the page, with its plan and quantity.
        assert [
            (line["listing"].slug, line["plan"].code, line["quantity"])
            for line in lines
        ] == [(slug, code, quantity) for slug, code, quantity, _note in spec["items"]]
        for line in lines:
            listing = line["listing"]
            assert region in (listing.regions or []), (spec["slug"], listing.slug)
            assert region in listing.vendor.regions_served, (spec["slug"], listing.slug)

        buyer = MembershipFactory(
            organization=OrganizationFactory(region=region), role=Role.REQUESTER
        )
        package = package_from_collection(membership=buyer, collection=page)
        summary = package_summarize(package)
        assert [warning.message for warning in summary.warnings] == [], spec["slug"]
        assert len(summary.lines) == len(spec["items"])
        low, high = spec["first_year"]
        assert low <= summary.first_year <= high, (
            spec["slug"],
            str(Money(summary.first_year, summary.currency)),
        )

        # The page a buyer reads shows the same lines.
        html = client.get(page.url).content.decode()
        for line in lines:
            assert line["listing"].title in html

    # The case study names the cover sensors and the poles that relay them.
    story = CaseStudyPage.objects.get(locale=default)
    assert [listing.slug for listing, _role in story.listings()] == [
        slug for slug, _role in CASE_STUDY["roles"]
    ]


def test_every_collection_is_a_coherent_starter_package(collections, client):
    check_collections(client)


def test_the_collections_texts_have_a_note_per_line_in_every_language():
    for spec in COLLECTIONS:
        assert all(note for *_line, note in spec["items"])
        for language in ("zh-hans", "ja"):
            texts = curation_text.COLLECTIONS[language][spec["slug"]]
            assert len(texts["notes"]) == len(spec["items"]), (language, spec["slug"])


def test_safe_manholes_holds_manhole_sensors():
    spec = next(c for c in COLLECTIONS if c["slug"] == "safe-manholes-county")
    catalog = {listing["slug"]: listing for listing in catalog_data.build_catalog()}
    kinds = {catalog[slug]["category"] for slug, *_line in spec["items"]}
    assert kinds == {"smart-manholes"}
