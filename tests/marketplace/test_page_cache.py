"""The public pages with their fragments in the cache: every change a visitor could
notice shows on the next request — prices, sales starting and ending, endorsements,
publication, ratings — and nothing of one visitor reaches another."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.timesince import timeuntil
from wagtail.models import PageViewRestriction

from accounts.roles import OrganizationKind, Role
from marketplace.pages import CollectionPage, SelectPage
from marketplace.services.curation import promotion_cancel
from marketplace.services.orders import order_place
from marketplace.services.pages import home_page_sync
from reviews.services import review_hide, review_vote
from search.models import QueryCount
from search.tasks import index_listings_task
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
    UserFactory,
)
from tests.factories.buying import self_approving_buyer
from tests.factories.catalog import CategoryFactory, published_listing, vendor_member
from tests.factories.curation import EndorsementFactory, PromotionFactory
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manholes(review):
    return CategoryFactory(slug="smart-manholes", name="Smart manholes")


@pytest.fixture
def listing(manholes):
    return published_listing(
        title="Manhole Guard", slug="manhole-guard", category=manholes
    )


@pytest.fixture
def vendor_publisher(listing):
    return vendor_member(listing.vendor, Role.PUBLISHER)


# A person's browser: bots' searches are not counted.
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"}


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_new_release_never_serves_the_pages_an_older_one_cached(
    client, listing, settings
):
    settings.RELEASE = "2026.12.1"
    page(client, "/solutions/manhole-guard/")
    # What the catalog version does not see (a template or a translation of the
    # next release would read the same).
    type(listing).objects.filter(pk=listing.pk).update(title="Manhole Guard Pro")

    same_release = page(client, "/solutions/manhole-guard/")
    settings.RELEASE = "2026.12.2"
    next_release = page(client, "/solutions/manhole-guard/")

    # The page's heading is in its cached part (its <title> is not).
    heading = re.compile(r"<h1[^>]*>\s*Manhole Guard Pro\b")
    assert not heading.search(same_release)
    assert heading.search(next_release)


def test_a_cached_category_page_is_served_without_reading_the_listings_again(
    client, listing
):
    with CaptureQueriesContext(connection) as first:
        page(client, "/categories/smart-manholes/")
    with CaptureQueriesContext(connection) as second:
        html = page(client, "/categories/smart-manholes/")

    assert "Manhole Guard" in html
    assert len(second.captured_queries) < len(first.captured_queries) - 3


def test_a_new_price_shows_at_once_on_the_category_and_listing_pages(client, listing):
    assert "CNY 680.00" in page(client, "/categories/smart-manholes/")
    assert "CNY 680.00" in page(client, "/solutions/manhole-guard/")

    # A reviewed edit of the plan, published as the curators' approval does.
    plan = listing.plans.get()
    plan.unit_price = 59000
    listing.plans = [plan]
    listing.save_revision().publish()

    for path in ("/categories/smart-manholes/", "/solutions/manhole-guard/"):
        html = page(client, path)
        assert "CNY 590.00" in html, path
        assert "CNY 680.00" not in html, path


def test_a_newly_published_listing_appears_and_an_unpublished_one_goes(
    client, listing, manholes
):
    assert "Cover Sense" not in page(client, "/categories/smart-manholes/")

    other = published_listing(
        title="Cover Sense", slug="cover-sense", category=manholes
    )
    assert "Cover Sense" in page(client, "/categories/smart-manholes/")
    assert "(2)" in page(client, "/")

    other.unpublish()
    assert "Cover Sense" not in page(client, "/categories/smart-manholes/")
    assert client.get("/solutions/cover-sense/").status_code == 404


def test_a_sale_shows_the_moment_it_starts_and_goes_the_moment_it_ends(client):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        sale = PromotionFactory(
            starts_at=now + timedelta(minutes=10),
            ends_at=now + timedelta(minutes=30),
            percent_off=20,
        )
        path = f"/solutions/{sale.plan.listing.slug}/"
        category = f"/categories/{sale.plan.listing.category.slug}/"
        assert "CNY 544.00" not in page(client, path)
        assert "CNY 544.00" not in page(client, category)

        traveller.move_to(now + timedelta(minutes=10, seconds=1))
        assert "CNY 544.00" in page(client, path)
        assert "CNY 544.00" in page(client, category)

        traveller.move_to(now + timedelta(minutes=30, seconds=1))
        assert "CNY 544.00" not in page(client, path)
        assert "CNY 544.00" not in page(client, category)


def test_a_sale_countdown_is_never_behind(client):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        sale = PromotionFactory(ends_at=now + timedelta(hours=3))
        path = f"/solutions/{sale.plan.listing.slug}/"
        assert timeuntil(sale.ends_at, now) in page(client, path)

        later = now + timedelta(minutes=42)
        traveller.move_to(later)
        assert timeuntil(sale.ends_at, later) in page(client, path)


def test_a_sale_whose_last_units_are_ordered_goes_at_once(client, approved_quote):
    sale = PromotionFactory(quantity_cap=10)
    buyer = self_approving_buyer()
    quote = approved_quote(buyer, sale.plan, 10)
    path = f"/solutions/{sale.plan.listing.slug}/"
    assert "CNY 544.00" in page(client, path)

    order_place(membership=buyer, quote=quote, payment_method="invoice")

    html = page(client, path)
    assert "CNY 544.00" not in html
    assert "CNY 680.00" in html


def test_an_endorsement_shows_at_once_and_lapses_on_time(client, listing):
    path = "/solutions/manhole-guard/"
    assert "Why this solution is in Select" not in page(client, path)

    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        EndorsementFactory(listing=listing, expires_at=now + timedelta(minutes=20))
        assert "Why this solution is in Select" in page(client, path)

        traveller.move_to(now + timedelta(minutes=20, seconds=1))
        assert "Why this solution is in Select" not in page(client, path)


def test_a_new_rating_shows_at_once(client, listing):
    assert "No reviews yet" in page(client, "/categories/smart-manholes/")

    ReviewFactory(listing=listing, stars=5)

    html = page(client, "/categories/smart-manholes/")
    assert "No reviews yet" not in html
    assert "5.0 out of 5 (1 review)" in html


def test_each_language_has_its_own_fragments(client, listing):
    listing.translations = {"ja": {"title": "マンホールガード"}}
    listing.save_revision().publish()

    assert "マンホールガード" not in page(client, "/categories/smart-manholes/")
    client.cookies["django_language"] = "ja"
    assert "マンホールガード" in page(client, "/categories/smart-manholes/")


def test_a_buyers_forms_never_reach_another_visitor(client, listing):
    buyer = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    requester = MembershipFactory(organization=buyer, role=Role.REQUESTER).user
    client.force_login(requester)
    assert "Add to the package" in page(client, "/solutions/manhole-guard/")
    client.logout()

    html = page(client, "/solutions/manhole-guard/")
    assert "Add to the package" not in html
    assert "Log in to buy" in html
    assert requester.email not in html


def test_a_fragment_holding_a_csrf_token_is_not_shared():
    template = Template(
        '{% load page_cache %}{% pagecache "form" %}<form method="post">'
        "{% csrf_token %}</form>{% endpagecache %}"
    )
    first, second = (
        template.render(RequestContext(RequestFactory().get("/"))) for _ in range(2)
    )

    assert "csrfmiddlewaretoken" in first
    assert first != second


def test_a_vendor_preview_is_never_served_to_buyers(client, listing, vendor_publisher):
    listing.title = "Manhole Guard 2 (draft)"
    listing.save_revision()
    client.force_login(vendor_publisher)
    assert "Manhole Guard 2 (draft)" in page(
        client, f"/vendor/listings/{listing.pk}/preview/"
    )
    client.logout()

    assert "Manhole Guard 2 (draft)" not in page(client, "/solutions/manhole-guard/")


def test_a_comparison_shows_a_new_price_at_once(client, listing, manholes):
    published_listing(title="Cover Sense", slug="cover-sense", category=manholes)
    path = "/compare/?listing=manhole-guard&listing=cover-sense"
    assert "CNY 680.00" in page(client, path)

    plan = listing.plans.get()
    plan.unit_price = 59000
    listing.plans = [plan]
    listing.save_revision().publish()

    assert "CNY 590.00" in page(client, path)


def test_a_search_shows_what_the_index_holds_once_a_worker_writes_it(
    client, listing, manholes, monkeypatch, django_capture_on_commit_callbacks
):
    path = "/search/?q=manhole"
    assert "Manhole Cover Pro" not in page(client, path)
    queued: list[list[int]] = []
    monkeypatch.setattr(index_listings_task, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        published_listing(
            title="Manhole Cover Pro", slug="cover-pro", category=manholes
        )
    # Published and committed; the index is written later, by a worker.
    assert queued
    assert "Manhole Cover Pro" not in page(client, path)
    for listing_ids in queued:
        index_listings_task(listing_ids)

    assert "Manhole Cover Pro" in page(client, path)


def test_a_search_answered_from_the_cache_is_counted_all_the_same(client, listing):
    index_listings_task([listing.pk])
    for _ in range(3):
        response = client.get("/search/?q=manhole", headers=BROWSER)
        assert "Manhole Guard" in response.content.decode()

    counted = QueryCount.objects.get(query="manhole")
    assert (counted.searches, counted.empty) == (3, 0)


@pytest.fixture
def select(listing):
    EndorsementFactory(listing=listing)
    return home_page_sync().add_child(
        instance=SelectPage(title="Select", slug="select")
    )


def test_an_unpublished_editorial_page_is_gone_at_once(client, select):
    # Served a few times: its address is remembered by the process.
    for _ in range(3):
        assert "Manhole Guard" in page(client, "/select/")

    select.unpublish()

    assert client.get("/select/").status_code == 404


def test_a_view_restriction_applies_at_once_to_a_remembered_page(client, select):
    for _ in range(3):
        assert "Manhole Guard" in page(client, "/select/")

    PageViewRestriction.objects.create(
        page=select, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get("/select/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_remembered_page_is_served_without_reading_the_page_tree(client, select):
    with CaptureQueriesContext(connection) as first:
        page(client, "/select/")
    first_queries = len(first.captured_queries)
    page(client, "/select/")
    with CaptureQueriesContext(connection) as later:
        html = page(client, "/select/")

    assert "Manhole Guard" in html
    assert first_queries > 0
    assert later.captured_queries == []


def test_a_renamed_page_leaves_its_old_address_at_once(client, select):
    collection = select.add_child(
        instance=CollectionPage(
            title="Starter kit", slug="starter-kit", intro="For a first street."
        )
    )
    for _ in range(3):
        assert "Starter kit" in page(client, "/select/starter-kit/")

    collection.slug = "first-street"
    collection.save_revision().publish()

    assert client.get("/select/starter-kit/").status_code == 404
    assert "Starter kit" in page(client, "/select/first-street/")


def test_a_hidden_review_leaves_the_rating_at_once(client, listing):
    review = ReviewFactory(listing=listing, stars=1)
    assert "1.0 out of 5 (1 review)" in page(client, "/categories/smart-manholes/")

    review_hide(PlatformMemberFactory(), review, "Written about another product.")

    html = page(client, "/categories/smart-manholes/")
    assert "1.0 out of 5" not in html
    assert "No reviews yet" in html


def test_a_readers_vote_on_a_review_shows_at_once(client, listing):
    review = ReviewFactory(listing=listing, stars=4)
    path = "/solutions/manhole-guard/"
    assert "found this helpful" not in page(client, path)

    review_vote(UserFactory(), review)

    assert "1 reader found this helpful." in page(client, path)


def test_a_sale_a_curator_ends_goes_at_once(client):
    sale = PromotionFactory(percent_off=20)
    path = f"/solutions/{sale.plan.listing.slug}/"
    assert "CNY 544.00" in page(client, path)

    promotion_cancel(promotion=sale, user=sale.created_by)

    html = page(client, path)
    assert "CNY 544.00" not in html
    assert "CNY 680.00" in html
