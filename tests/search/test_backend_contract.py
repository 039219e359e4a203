"""One contract, every engine: the database backend always (SQLite or PostgreSQL,
whichever the suite runs on), Elasticsearch when ELASTICSEARCH_URL is set."""

import os

import pytest

from marketplace.models import Category, Certification, Listing, Protocol
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.synonyms import synonym_add, synonym_groups
from tests.factories.catalog import (
    CategoryFactory,
    PlanFactory,
    VendorFactory,
    published_listing,
)

ENGINES = ["database"]
if os.environ.get("ELASTICSEARCH_URL"):
    ENGINES.append("elasticsearch")

pytestmark = pytest.mark.django_db


@pytest.fixture(params=ENGINES)
def backend(request):
    return get_backend(request.param)


@pytest.fixture
def catalog(backend):
    manholes = CategoryFactory()
    cameras = CategoryFactory(
        slug="video-surveillance",
        name="Video surveillance",
        parent=Category.objects.create(name="Public safety", slug="public-safety"),
    )
    lora = Protocol.objects.create(name="LoRaWAN", slug="lorawan")
    nbiot = Protocol.objects.create(name="NB-IoT", slug="nb-iot")
    ip68 = Certification.objects.create(name="IP68", slug="ip68")
    north, south = VendorFactory(), VendorFactory()

    def make(
        title, category, vendor, price, rating, protocols=(), local="", summary=""
    ):
        listing = published_listing(
            title=title,
            slug=title.lower().replace(" ", "-"),
            category=category,
            vendor=vendor,
            translations={"zh-hans": {"title": local}} if local else {},
            rating=rating,
            summary=summary or f"{title} for cities.",
            plans=[PlanFactory.build(unit_price=price)],
        )
        # Parental relations are written when the listing is saved.
        listing.protocols.set(protocols)
        listing.certifications.set([ip68])
        listing.save()
        return listing

    listings = {
        "guard": make(
            "Manhole Guard",
            manholes,
            north,
            68000,
            4.6,
            [nbiot],
            "智慧井盖监测系统",
            "Tilt and water-level sensors for manhole covers.",
        ),
        "cover": make(
            "Cover Sense",
            manholes,
            south,
            52000,
            4.1,
            [lora],
            summary="Detects open manhole covers over LoRaWAN.",
        ),
        "eye": make(
            "City Eye Camera",
            cameras,
            north,
            150000,
            3.8,
            [],
            summary="4 MP video surveillance camera with intrusion alerts.",
        ),
        "hawk": make(
            "Hawk Cloud Video",
            cameras,
            south,
            3000,
            4.8,
            [],
            summary="Cloud video surveillance for campuses.",
        ),
    }
    backend.rebuild()
    return listings


def titles(result) -> list[str]:
    found = Listing.objects.in_bulk([hit.listing_id for hit in result.hits])
    return [found[hit.listing_id].title for hit in result.hits]


def test_text_finds_the_matching_listings_first(backend, catalog):
    result = backend.search(SearchQuery(text="manhole"))

    assert set(titles(result)) == {"Manhole Guard", "Cover Sense"}
    assert result.total == 2


def test_synonyms_reach_the_same_listings(backend, catalog):
    result = backend.search(SearchQuery(text="CCTV"))

    assert set(titles(result)) == {"City Eye Camera", "Hawk Cloud Video"}


def test_a_curators_synonym_works_from_the_next_search(
    backend, catalog, django_capture_on_commit_callbacks
):
    assert backend.search(SearchQuery(text="road lid")).total == 0

    with django_capture_on_commit_callbacks(execute=True):
        synonym_add(["road lid", "manhole"])
    # What the push gives the configured engines, given to the engine under test.
    backend.synonyms_update(synonym_groups())

    result = backend.search(SearchQuery(text="road lid"))
    assert set(titles(result)) == {"Manhole Guard", "Cover Sense"}


def test_a_typo_still_finds_and_suggests_the_word(backend, catalog):
    result = backend.search(SearchQuery(text="survelliance"))

    assert set(titles(result)) == {"City Eye Camera", "Hawk Cloud Video"}
    assert result.suggestions == ("surveillance",)


def test_chinese_words_find_listings(backend, catalog):
    result = backend.search(SearchQuery(text="井盖"))

    assert set(titles(result)) == {"Manhole Guard", "Cover Sense"}


def test_values_of_a_facet_combine_with_or_and_facets_with_and(backend, catalog):
    either = backend.search(SearchQuery(filters={"protocol": ("lorawan", "nb-iot")}))
    both = backend.search(
        SearchQuery(
            filters={
                "protocol": ("lorawan", "nb-iot"),
                "vendor": (catalog["guard"].vendor.organization.slug,),
            }
        )
    )

    assert set(titles(either)) == {"Manhole Guard", "Cover Sense"}
    assert titles(both) == ["Manhole Guard"]


def test_each_facet_counts_with_the_other_filters_but_its_own(backend, catalog):
    north = catalog["guard"].vendor.organization.slug
    result = backend.search(
        SearchQuery(filters={"vendor": (north,), "category": ("smart-manholes",)})
    )

    vendors = {
        value.value: (value.count, value.selected) for value in result.facets["vendor"]
    }
    categories = {value.value: value.count for value in result.facets["category"]}
    assert vendors[north] == (1, True)
    assert vendors[catalog["cover"].vendor.organization.slug] == (1, False)
    assert categories["smart-manholes"] == 1
    assert categories["video-surveillance"] == 1
    assert result.total == 1


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "price_asc",
            ["Hawk Cloud Video", "Cover Sense", "Manhole Guard", "City Eye Camera"],
        ),
        (
            "price_desc",
            ["City Eye Camera", "Manhole Guard", "Cover Sense", "Hawk Cloud Video"],
        ),
        (
            "rating",
            ["Hawk Cloud Video", "Manhole Guard", "Cover Sense", "City Eye Camera"],
        ),
    ],
)
def test_sorts(backend, catalog, sort, expected):
    assert titles(backend.search(SearchQuery(sort=sort))) == expected


def test_pages(backend, catalog):
    first = backend.search(SearchQuery(sort="price_asc", page_size=3))
    second = backend.search(SearchQuery(sort="price_asc", page_size=3, page=2))

    assert first.total == second.total == 4
    assert titles(first) + titles(second) == titles(
        backend.search(SearchQuery(sort="price_asc"))
    )


def test_price_bounds_and_the_rating_facet(backend, catalog):
    cheap = backend.search(SearchQuery(price_max=60000))
    well_rated = backend.search(SearchQuery(filters={"rating": ("4",)}))

    assert set(titles(cheap)) == {"Cover Sense", "Hawk Cloud Video"}
    assert set(titles(well_rated)) == {
        "Manhole Guard",
        "Cover Sense",
        "Hawk Cloud Video",
    }


def test_matches_are_highlighted(backend, catalog):
    result = backend.search(SearchQuery(text="manhole"))

    guard = next(h for h in result.hits if h.listing_id == catalog["guard"].pk)
    assert "<mark>Manhole</mark>" in guard.highlights["title"][0]


def test_unpublished_listings_leave_the_index(backend, catalog):
    cover = catalog["cover"]
    Listing.objects.filter(pk=cover.pk).update(live=False)

    backend.index([cover.pk])

    assert titles(backend.search(SearchQuery(text="manhole"))) == ["Manhole Guard"]


def test_suggestions_complete_titles(backend, catalog):
    assert backend.suggest("Manh") == ["Manhole Guard"]
    assert backend.suggest("m") == []


def test_a_renamed_vendor_shows_its_new_name_on_the_facet_within_a_minute(
    backend, catalog, monkeypatch
):
    from django.core.cache import cache

    from search import facets

    vendor = catalog["guard"].vendor.organization

    def vendor_labels():
        facet = backend.search(SearchQuery(text="manhole")).facets["vendor"]
        return {item.value: item.label for item in facet}

    assert vendor_labels()[vendor.slug] == vendor.name
    vendor.name = "Northern Covers Ltd"
    vendor.save()
    clock = facets.time.monotonic()
    monkeypatch.setattr(
        facets.time, "monotonic", lambda: clock + facets.NAMES_SECONDS + 1
    )
    cache.clear()  # the counted facets expire too
    assert vendor_labels()[vendor.slug] == "Northern Covers Ltd"
