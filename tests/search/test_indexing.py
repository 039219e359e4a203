"""The index follows the catalog: publishing, unpublishing and suspending a listing
schedule an update after commit."""

import pytest

from accounts.roles import Role
from marketplace.models import Listing
from marketplace.services.listings import (
    listing_create,
    listing_review_workflow,
    listing_submit,
    listing_suspend,
)
from search.models import IndexedListing, PendingIndex
from search.services import index_sweep, listings_index
from tests.factories import PlatformMemberFactory
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    complete_listing_data,
    vendor_member,
)

pytestmark = pytest.mark.django_db


def test_approval_and_suspension_update_the_index(django_capture_on_commit_callbacks):
    listing_review_workflow()
    vendor = VendorFactory()
    publisher = vendor_member(vendor, Role.PUBLISHER)
    curator = PlatformMemberFactory(role=Role.CURATOR)
    listing = listing_create(
        vendor=vendor, user=publisher, data=complete_listing_data(CategoryFactory())
    )
    listing_submit(listing=listing, user=publisher)
    assert not IndexedListing.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        listing = Listing.objects.get(pk=listing.pk)
        task_state = listing.current_workflow_task_state
        task_state.task.specific.on_action(task_state, curator, "approve")
    assert IndexedListing.objects.get().title == "Manhole Guard NB-IoT"

    with django_capture_on_commit_callbacks(execute=True):
        listing_suspend(listing=listing, user=curator, reason="Certificate withdrawn.")
    assert not IndexedListing.objects.exists()


def test_a_broker_outage_loses_no_write(
    django_capture_on_commit_callbacks, monkeypatch
):
    from search import tasks
    from tests.factories.catalog import published_listing

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.index_listings_task, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        listing = published_listing(title="Written Anyway")

    assert Listing.objects.get(pk=listing.pk).live
    assert PendingIndex.objects.filter(
        listing_id=listing.pk, engine="database"
    ).exists()

    assert index_sweep() == 1

    assert IndexedListing.objects.filter(pk=listing.pk).exists()
    assert not PendingIndex.objects.exists()


def test_the_sweep_catches_up_listings_the_index_missed():
    from tests.factories.catalog import published_listing

    listing = published_listing(title="Missed")
    gone = published_listing(title="Unpublished Since")
    listings_index([gone.pk])
    Listing.objects.filter(pk=gone.pk).update(live=False)

    assert index_sweep() == 2

    assert list(IndexedListing.objects.values_list("pk", flat=True)) == [listing.pk]


def test_an_engine_outage_keeps_the_listing_pending_for_that_engine(settings):
    from search.backends.base import SearchError
    from tests.factories.catalog import published_listing

    listing = published_listing(title="Waiting For Elasticsearch")
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.SEARCH_TIMEOUT = 0.5

    with pytest.raises(SearchError):
        listings_index([listing.pk])

    assert IndexedListing.objects.filter(pk=listing.pk).exists()
    assert list(PendingIndex.objects.values_list("engine", "listing_id")) == [
        ("elasticsearch", listing.pk)
    ]


def test_cached_facet_counts_follow_every_index_write():
    from search.backends import get_backend
    from search.backends.base import SearchQuery
    from tests.factories.catalog import published_listing

    backend = get_backend("database")
    first = published_listing(title="First")
    backend.index([first.pk])

    def manhole_count() -> int:
        facets = backend.search(SearchQuery()).facets["category"]
        return next(value.count for value in facets if value.value == "smart-manholes")

    assert manhole_count() == 1
    second = published_listing(title="Second")
    backend.index([second.pk])

    assert manhole_count() == 2
