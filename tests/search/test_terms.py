"""The term postings find exactly what PostgreSQL's text indexes find, and follow
every index write."""

import random

import pytest
from django.db import connection

from search.backends import get_backend
from search.backends.base import SearchQuery
from search.backends.matching import match_bits
from search.models import IndexedListing, IndexVersion
from tests.factories.catalog import CategoryFactory, PlanFactory, published_listing

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="term postings are the PostgreSQL engine's",
    ),
]

WORDS = [
    "smart",
    "manhole",
    "covers",
    "sensor",
    "camera",
    "cameras",
    "surveillance",
    "parking",
    "flooding",
    "the",
    "e-mail",
    "gateway",
]
CJK = [
    "智能",
    "井盖传感器",
    "摄像头",
    "停车场",
    "内涝监测",
    "スマート",
    "駐車場",
    "カメラ",
]
QUERIES = [
    "smart",
    "manhole",
    "cover",
    "camera",
    "cctv",
    "flood sensors",
    "parking gateway",
    "摄像头",
    "停车场",
    "駐車場",
    "スマート",
    "智能 camera",
    "井盖传感器",
    "内涝",
    "zyzzyva",
]


def _sql_ids(backend, text: str) -> tuple[set[int], set[int]]:
    match = backend._text_match(text)
    rows = IndexedListing.objects.filter(match.condition)
    named = IndexedListing.objects.filter(match.in_name)
    return set(rows.values_list("pk", flat=True)), set(
        named.values_list("pk", flat=True)
    )


def _ids(bits: int) -> set[int]:
    return {n for n in range(bits.bit_length()) if bits >> n & 1}


def _term_ids(backend, text: str) -> tuple[set[int], set[int]] | None:
    match = backend._text_match(text)
    stamp = IndexVersion.objects.get().stamp
    found = match_bits(match.slots, stamp)
    return None if found is None else (_ids(found[0]), _ids(found[1]))


def _listing(rng: random.Random, category, n: int):
    english = " ".join(rng.sample(WORDS, 4))
    local = "".join(rng.sample(CJK, 2))
    return published_listing(
        title=f"{english.title()} {n}",
        category=category,
        plans=[PlanFactory.build(unit_price=rng.choice([3000, 68000, 150000]))],
        summary=" ".join(rng.sample(WORDS, 5)),
        translations={
            "zh-hans": {"title": local, "summary": "".join(rng.sample(CJK, 3))}
        }
        if n % 2
        else {},
    )


def test_term_postings_find_what_the_text_indexes_find_after_every_write():
    rng = random.Random(5)
    backend = get_backend("database")
    category = CategoryFactory()
    listings = [_listing(rng, category, n) for n in range(24)]
    backend.rebuild()

    def same_answers():
        for text in QUERIES:
            found = _term_ids(backend, text)
            assert found is not None, text
            assert found == _sql_ids(backend, text), text

    same_answers()
    # An edit takes the listing out of its old words' postings and into its new.
    edited = listings[0]
    edited.title = "Kerbside Charger 99"
    edited.summary = "Parking bays with chargers."
    edited.translations = {"ja": {"title": "駐車場の充電器"}}
    edited.save_revision().publish()
    backend.index([edited.pk, listings[1].pk])
    same_answers()
    assert _term_ids(backend, "kerbside")[0] == {edited.pk}
    # Unpublished: in no posting.
    listings[2].unpublish()
    backend.index([listings[2].pk])
    same_answers()


def test_what_the_term_postings_cannot_answer_goes_to_the_text_indexes():
    backend = get_backend("database")
    published_listing(title="Smart Manhole Cover", summary="E-mail alerts.")
    published_listing(title="Cover Sense", summary="井盖 sensors.")
    backend.rebuild()
    stamp = IndexVersion.objects.get().stamp

    # A single character is a prefix; a hyphenated word a phrase of its parts.
    for text in ("井", "e-mail"):
        assert match_bits(backend._text_match(text).slots, stamp) is None, text
    for text in ('"manhole cover"', "manhole -smart", "the cover", "cover or smart"):
        found = _term_ids(backend, text)
        assert found is None or found == _sql_ids(backend, text), text


def test_a_broad_search_counts_the_same_through_the_term_postings():
    rng = random.Random(9)
    backend = get_backend("database")
    category = CategoryFactory()
    for n in range(12):
        _listing(rng, category, n)
    backend.rebuild()

    result = backend.search(SearchQuery(text="摄像头"))

    assert result.total == len(_sql_ids(backend, "摄像头")[0])
    assert {hit.listing_id for hit in result.hits} <= _sql_ids(backend, "摄像头")[0]


def test_price_bounds_narrow_what_the_term_postings_find():
    rng = random.Random(3)
    backend = get_backend("database")
    category = CategoryFactory()
    for n in range(10):
        _listing(rng, category, n)
    backend.rebuild()
    result = backend.search(SearchQuery(text="camera", price_max=68000))

    matches = _sql_ids(backend, "camera")[0]
    expected = IndexedListing.objects.filter(pk__in=matches, price_from__lte=68000)
    assert 0 < result.total == expected.count() < len(matches)
    assert {hit.listing_id for hit in result.hits} == set(
        expected.values_list("pk", flat=True)
    )
