"""The price sort and the price facet compare like with like on every engine: each
listing by the first-year cost of its cheapest plan at the plan's minimum
quantity (twelve months of a monthly plan, one period of an annual or one-time
plan, with its setup fee), not by a unit price that may be per month, per year
or once."""

import os

import pytest

from marketplace.models import Listing, Plan
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.backends.elasticsearch import to_source
from search.documents import listing_document
from tests.factories.catalog import CategoryFactory, published_listing

ENGINES = ["database"]
if os.environ.get("ELASTICSEARCH_URL"):
    ENGINES.append("elasticsearch")

pytestmark = pytest.mark.django_db


@pytest.fixture(params=ENGINES)
def backend(request):
    return get_backend(request.param)


@pytest.fixture
def priced(backend):
    """Three listings whose unit prices sort the other way round from what their
    first year costs."""
    category = CategoryFactory()

    def make(title: str, **plan) -> Listing:
        return published_listing(
            title=title,
            slug=title.lower().replace(" ", "-"),
            category=category,
            plans=[Plan(code="P", name="Plan", unit="device", **plan)],
        )

    listings = {
        # 5.00 a device a month, at least 10 devices: 600.00 in the first year.
        "monthly": make(
            "Monthly Meter", billing="monthly", unit_price=500, min_quantity=10
        ),
        # 300.00 once.
        "once": make("Once Sensor", billing="one_time", unit_price=30000),
        # 400.00 a year and a 300.00 setup fee: 700.00.
        "annual": make(
            "Annual Gateway", billing="annual", unit_price=40000, setup_fee=30000
        ),
        # 20.00 a month, 15.00 from 5 devices, at least 5: 900.00.
        "volume": make(
            "Volume Camera",
            billing="monthly",
            unit_price=2000,
            min_quantity=5,
            price_breaks=[{"min_quantity": 5, "unit_price": 1500}],
        ),
    }
    backend.rebuild()
    return listings


def titles(result) -> list[str]:
    found = Listing.objects.in_bulk([hit.listing_id for hit in result.hits])
    return [found[hit.listing_id].title for hit in result.hits]


def test_price_sorts_compare_the_first_year_cost(backend, priced):
    cheapest_first = titles(backend.search(SearchQuery(sort="price_asc")))
    dearest_first = titles(backend.search(SearchQuery(sort="price_desc")))

    assert cheapest_first == [
        "Once Sensor",
        "Monthly Meter",
        "Annual Gateway",
        "Volume Camera",
    ]
    assert dearest_first == list(reversed(cheapest_first))


def test_price_bounds_and_the_price_facet_use_the_same_rule(backend, priced):
    # At most 650.00 in the first year: the one-time sensor and the monthly meter,
    # though the meter's unit price (5.00) is far below the others'.
    bounded = backend.search(SearchQuery(price_max=65000))
    bucket = backend.search(SearchQuery(filters={"price": ("0-1000",)}))

    assert set(titles(bounded)) == {"Once Sensor", "Monthly Meter"}
    assert set(titles(bucket)) == set(titles(backend.search(SearchQuery())))
    counts = {value.value: value.count for value in bucket.facets["price"]}
    assert counts["0-1000"] == 4


def test_the_elasticsearch_document_holds_the_first_year_cost(priced):
    documents = {
        key: listing_document(Listing.objects.get(pk=listing.pk))
        for key, listing in priced.items()
    }

    assert {key: doc.price_from for key, doc in documents.items()} == {
        "monthly": 60000,
        "once": 30000,
        "annual": 70000,
        "volume": 90000,
    }
    source = to_source(documents["volume"])
    assert source["price_from"] == 90000
    assert source["price"] == ["0-1000"]
