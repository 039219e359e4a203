"""Facet postings: the database engine counts facets on bitmaps it keeps up to date
with every index write. Counts after any series of writes equal counts after a rebuild
from scratch."""

import random

import pytest

from marketplace.models import Category, Listing
from search import postings
from search.backends import get_backend
from search.backends.base import FACETS, SearchQuery
from search.models import IndexVersion
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = pytest.mark.django_db


def test_bitmaps_hold_exactly_the_ids_given():
    ids = [0, 1, 7, 8, 63, 64, 1000, 65_537]

    bits = postings.bits_from_ids(ids)

    assert postings.ids_from_bits(bits) == tuple(ids)
    assert postings.decode(postings.encode(bits)) == bits
    assert postings.bits_from_ids([]) == 0


def test_sparse_and_dense_postings_count_alike():
    rng = random.Random(3)
    scope_ids = set(rng.sample(range(50_000), 20_000))
    scope = postings.bits_from_ids(scope_ids)
    sparse = tuple(sorted(rng.sample(range(60_000), 40)))  # some beyond the scope
    dense_ids = rng.sample(range(50_000), 30_000)
    dense = postings.bits_from_ids(dense_ids)
    postings.postings_rebuild(
        [("vendor", "a", pk) for pk in sparse]
        + [("vendor", "b", pk) for pk in dense_ids]
    )
    held = postings.HeldPostings().postings_for("s")

    counts = held.counts("vendor", scope)

    assert counts["a"] == len(scope_ids & set(sparse))
    assert counts["b"] == (dense & scope).bit_count()
    # A value with few listings is held as their ids, one with many as a bitmap.
    assert held.values["vendor"] == {"a": sparse, "b": dense}


def facet_counts(backend, query: SearchQuery) -> tuple[int, dict]:
    result = backend.search(query)
    return result.total, {
        facet: {value.value: value.count for value in result.facets[facet]}
        for facet in FACETS
    }


QUERIES = [
    SearchQuery(),
    SearchQuery(text="manhole"),
    SearchQuery(filters={"category": ("utilities",)}),
    SearchQuery(filters={"region": ("CN", "SG"), "curated": ("false",)}),
    SearchQuery(text="sensor", filters={"billing": ("one_time",)}, price_max=70_000),
]


@pytest.fixture
def catalog():
    utilities = Category.objects.create(name="Utilities", slug="utilities")
    kinds = [
        CategoryFactory(slug="smart-manholes", name="Smart manholes", parent=utilities),
        CategoryFactory(slug="groundwater", name="Gauges", parent=utilities),
        CategoryFactory(slug="parking", name="Unmanned parking"),
    ]
    vendors = [VendorFactory() for _ in range(3)]
    rng = random.Random(11)
    listings = [
        published_listing(
            vendor=rng.choice(vendors),
            category=rng.choice(kinds),
            title=f"{rng.choice(['Manhole', 'Gauge', 'Gate'])} sensor {n}",
            regions=rng.sample(["CN", "SG", "MY"], 2),
        )
        for n in range(12)
    ]
    # Listings with values no other has, so that a value left behind shows.
    listings += [
        published_listing(category=kinds[1], title=f"Gauge {region}", regions=[region])
        for region in ("JP", "DE")
    ]
    return {"listings": listings, "kinds": kinds}


def index_stamp() -> str:
    return IndexVersion.objects.get().stamp


def test_counts_after_index_writes_equal_counts_after_a_rebuild(catalog):
    backend = get_backend("database")
    backend.rebuild()
    listings, kinds = catalog["listings"], catalog["kinds"]
    # Another process holds the postings as they are now.
    elsewhere = postings.HeldPostings()
    held_before = elsewhere.postings_for(index_stamp())

    # Moved to another category; unpublished; deleted outright; newly published.
    moved, unpublished, deleted = listings[-2], listings[0], listings[-1]
    Listing.objects.filter(pk=moved.pk).update(category=kinds[2])
    unpublished.unpublish()
    deleted_pk = deleted.pk
    Listing.objects.filter(pk=deleted_pk).delete()
    added = published_listing(title="Manhole sensor new", regions=["SG"])
    backend.index([moved.pk, unpublished.pk, deleted_pk, added.pk])
    incremental = [facet_counts(backend, query) for query in QUERIES]
    # That process reads them again: the index has a new stamp.
    held_after = elsewhere.postings_for(index_stamp())

    backend.rebuild()
    rebuilt = [facet_counts(backend, query) for query in QUERIES]

    assert incremental == rebuilt
    assert held_after.values != held_before.values
    assert (
        held_after.values == postings.HeldPostings().postings_for(index_stamp()).values
    )
    assert rebuilt[0][0] == 14 - 2 + 1
    assert "DE" not in rebuilt[0][1]["region"]


def test_a_search_never_counts_postings_of_an_older_index(catalog):
    backend = get_backend("database")
    backend.rebuild()
    first = facet_counts(backend, SearchQuery())
    listing = catalog["listings"][0]

    listing.unpublish()
    backend.index([listing.pk])

    total, counts = facet_counts(backend, SearchQuery())
    assert total == first[0] - 1
    assert sum(counts["vendor"].values()) == total
