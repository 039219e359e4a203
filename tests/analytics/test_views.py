"""Counting listing views: a person's visit to a listing's page is one more view of
that listing today, a bot's is not, and nothing about the visitor is kept. With
Redis the count waits there until the rollup task moves it; with Redis out of reach
the page is served all the same."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from analytics.models import ListingViewDay
from analytics.selectors import funnel
from analytics.services import rollups_refresh, views_add, views_flush
from analytics.tables import Filters
from tests.factories.catalog import published_listing

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/131.0.0.0 Safari/537.36"
)
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]
TODAY = date(2026, 3, 14)


@pytest.fixture
def listing(db):
    return published_listing(title="Manhole Guard NB-IoT")


def visit(client, listing, user_agent: str, method: str = "get"):
    url = reverse("marketplace:listing", args=[listing.slug])
    return getattr(client, method)(url, headers={"User-Agent": user_agent})


def views_of(listing) -> list[tuple[date, int]]:
    views_flush()
    return list(
        ListingViewDay.objects.filter(listing=listing).values_list("day", "views")
    )


@time_machine.travel("2026-03-14 09:00Z", tick=False)
def test_a_person_viewing_a_listing_is_counted_once_per_visit(client, listing):
    first = visit(client, listing, BROWSER)
    second = visit(client, listing, BROWSER)

    assert (first.status_code, second.status_code) == (200, 200)
    assert views_of(listing) == [(TODAY, 2)]


@pytest.mark.parametrize("user_agent", BOTS)
@time_machine.travel("2026-03-14 09:00Z", tick=False)
def test_bots_are_not_counted(client, listing, user_agent):
    response = visit(client, listing, user_agent)

    assert response.status_code == 200
    assert views_of(listing) == []


@time_machine.travel("2026-03-14 09:00Z", tick=False)
def test_a_head_request_or_a_prefetch_is_not_a_view(client, listing):
    url = reverse("marketplace:listing", args=[listing.slug])

    head = client.head(url, headers={"User-Agent": BROWSER})
    prefetch = client.get(
        url, headers={"User-Agent": BROWSER, "Sec-Purpose": "prefetch"}
    )

    assert (head.status_code, prefetch.status_code) == (200, 200)
    assert views_of(listing) == []


def test_nothing_about_the_visitor_is_kept():
    fields = {field.name for field in ListingViewDay._meta.get_fields()}

    assert fields == {"id", "listing", "day", "views", "updated_at"}


@override_settings(REDIS_URL="redis://127.0.0.1:9/0")
@time_machine.travel("2026-03-14 09:00Z", tick=False)
def test_with_redis_out_of_reach_the_page_is_served_and_the_view_not_counted(
    client, listing
):
    response = visit(client, listing, BROWSER)
    flushed = views_flush()

    assert response.status_code == 200
    assert "Manhole Guard NB-IoT" in response.content.decode()
    assert flushed == 0
    assert not ListingViewDay.objects.exists()


@time_machine.travel("2026-03-14 09:00Z", tick=False)
def test_counted_views_reach_the_funnel_after_the_refresh(client, listing):
    visit(client, listing, BROWSER)
    visit(client, listing, BROWSER)
    visit(client, listing, BOTS[0])

    rollups_refresh()
    table = funnel(Filters(start=TODAY, end=TODAY))

    assert [row[:2] for row in table.rows] == [(str(listing.category), 2)]


def test_views_added_for_a_day_add_up(listing):
    views_add(listing_id=listing.pk, day=TODAY, count=5)
    views_add(listing_id=listing.pk, day=TODAY, count=7)
    views_add(listing_id=listing.pk, day=TODAY, count=0)

    assert views_of(listing) == [(TODAY, 12)]
