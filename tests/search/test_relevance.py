"""Search relevance on the demo catalog, in every language the site speaks.

Each query below is a word or two a city official would type, in English, Simplified
Chinese or Japanese. At least 4 of its first 5 results must belong to the kind of
solution it asks for, whichever database the search runs on.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from marketplace.models import Listing
from search.backends import get_backend
from search.backends.base import SearchQuery

TOP = 5
ENOUGH = 4

CAMERAS = {"video-surveillance"}
PARKING = {"unmanned-parking"}
STREET_LIGHTS = {"smart-street-lights"}
MANHOLES = {"smart-manholes"}
# Flooding is watched through the water in sewers and in the ground, and announced by
# the alert systems: each of those is a fair answer.
FLOODING = {"smart-manholes", "groundwater-level-gauges", "emergency-alerts"}
GROUNDWATER = {"groundwater-level-gauges"}
WATER_QUALITY = {"water-quality"}
AIR_QUALITY = {"air-quality"}
WASTE_BINS = {"waste-bin-sensors"}
TRAFFIC_SIGNALS = {"traffic-signal-control"}
VIDEO_CONFERENCING = {"video-conferencing"}
EMAIL = {"email"}
POINT_OF_SALE = {"pos"}
# A till word in Chinese or Japanese names the staffed till and the self-service one.
TILLS = {"pos", "self-checkout"}

# (language, query, acceptable category slugs of the first results)
QUERIES: list[tuple[str, str, set[str]]] = [
    ("en", "camera", CAMERAS),
    ("en", "car park", PARKING),
    ("en", "street lights", STREET_LIGHTS),
    ("en", "manhole covers", MANHOLES),
    ("en", "flood sensors", FLOODING),
    ("en", "groundwater", GROUNDWATER),
    ("en", "water quality", WATER_QUALITY),
    ("en", "air quality", AIR_QUALITY),
    ("en", "air pollution", AIR_QUALITY),
    ("en", "rubbish bins", WASTE_BINS),
    ("en", "traffic lights", TRAFFIC_SIGNALS),
    ("en", "video conferencing", VIDEO_CONFERENCING),
    ("en", "e-mail", EMAIL),
    ("en", "point of sale", POINT_OF_SALE),
    ("zh-hans", "摄像头", CAMERAS),
    ("zh-hans", "停车场", PARKING),
    ("zh-hans", "路灯", STREET_LIGHTS),
    ("zh-hans", "井盖", MANHOLES),
    ("zh-hans", "内涝", FLOODING),
    ("zh-hans", "内涝监测传感器", FLOODING),
    ("zh-hans", "水质", WATER_QUALITY),
    ("zh-hans", "空气质量", AIR_QUALITY),
    ("zh-hans", "大气污染", AIR_QUALITY),
    ("zh-hans", "垃圾桶", WASTE_BINS),
    ("zh-hans", "红绿灯", TRAFFIC_SIGNALS),
    ("zh-hans", "视频会议", VIDEO_CONFERENCING),
    ("zh-hans", "邮箱", EMAIL),
    ("zh-hans", "收银", TILLS),
    ("ja", "カメラ", CAMERAS),
    ("ja", "駐車", PARKING),
    ("ja", "街路灯", STREET_LIGHTS),
    ("ja", "マンホール", MANHOLES),
    ("ja", "冠水センサー", FLOODING),
    ("ja", "地下水", GROUNDWATER),
    ("ja", "水質", WATER_QUALITY),
    ("ja", "大気汚染", AIR_QUALITY),
    ("ja", "ごみ箱", WASTE_BINS),
    ("ja", "信号機", TRAFFIC_SIGNALS),
    ("ja", "テレビ会議", VIDEO_CONFERENCING),
    ("ja", "メール", EMAIL),
    ("ja", "レジ", TILLS),
]

# A few of them through the search page, as a visitor's browser asks.
PAGE_QUERIES = [
    ("en", "flood sensors"),
    ("zh-hans", "摄像头"),
    ("ja", "駐車"),
]


def top_categories(language: str, text: str) -> list[str]:
    with translation.override(language):
        result = get_backend().search(SearchQuery(text=text))
    ids = [hit.listing_id for hit in result.hits[:TOP]]
    listings = Listing.objects.select_related("category").in_bulk(ids)
    return [listings[listing_id].category.slug for listing_id in ids]


def misses(language: str, text: str, expected: set[str], top: list[str]) -> str:
    """A line for the report when too few of the first results fit, else ''."""
    if sum(slug in expected for slug in top) >= ENOUGH:
        return ""
    return (
        f"{language} {text!r}: expected {ENOUGH} of {TOP} in "
        f"{', '.join(sorted(expected))}; got {', '.join(top) or 'nothing'}"
    )


def test_the_queries_cover_every_language() -> None:
    for language in ("en", "zh-hans", "ja"):
        assert sum(lang == language for lang, _, _ in QUERIES) >= 10, language
    assert len(QUERIES) >= 30


@pytest.mark.slow
@pytest.mark.django_db
def test_everyday_queries_find_the_right_kind_of_solution(client: Client) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("search_reindex", stdout=StringIO())

    failures = [
        line
        for language, text, expected in QUERIES
        if (line := misses(language, text, expected, top_categories(language, text)))
    ]

    # The search page ranks the same way, in the visitor's language.
    expected_for = {(language, text): slugs for language, text, slugs in QUERIES}
    for language, text in PAGE_QUERIES:
        response = client.get("/search/", {"q": text}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        top = [hit["listing"].category.slug for hit in response.context["hits"][:TOP]]
        if line := misses(language, text, expected_for[language, text], top):
            failures.append(f"search page: {line}")

    assert not failures, (
        f"{len(failures)} of {len(QUERIES) + len(PAGE_QUERIES)} queries rank the "
        "wrong kind of solution first:\n" + "\n".join(failures)
    )
