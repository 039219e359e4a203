"""The index follows the catalog: publishing, unpublishing and suspending a listing
schedule an update after commit."""

import pytest

from marketplace.models import Listing
from marketplace.services.listings import (
    catalog_review_ensure,
    listing_create,
    listing_submit,
    listing_suspend,
)
from search.models import IndexedListing
from tests.factories import OrganizationFactory, UserFactory
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    complete_listing_data,
    vendor_member,
)

pytestmark = pytest.mark.django_db


def test_approval_and_suspension_update_the_index(django_capture_on_commit_callbacks):
    from accounts.roles import OrganizationKind, Role
    from accounts.services import membership_create

    catalog_review_ensure()
    vendor = VendorFactory()
    publisher = vendor_member(vendor, Role.PUBLISHER)
    curator = UserFactory()
    membership_create(
        organization=OrganizationFactory(kind=OrganizationKind.PLATFORM),
        user=curator,
        role=Role.CURATOR,
    )
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
