"""The curators' review queue in the Wagtail admin."""

import pytest

from marketplace.models import Listing
from marketplace.services.listings import listing_create, listing_submit
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    complete_listing_data,
    published_listing,
    vendor_member,
)

pytestmark = pytest.mark.django_db

QUEUE = "/cms/snippets/marketplace/listing/"


@pytest.fixture
def submitted(vendor, publisher, category, review):
    listing = listing_create(
        vendor=vendor,
        user=publisher,
        data=complete_listing_data(category, title="Manhole Guard In Review"),
    )
    listing_submit(listing=listing, user=publisher)
    return Listing.objects.get(pk=listing.pk)


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["object_list"]]


def test_the_queue_filters_by_status(client, curator, submitted):
    published_listing(title="Already Live", category=CategoryFactory())
    client.force_login(curator)

    in_review = client.get(QUEUE, {"status": "in_review"})
    live = client.get(QUEUE, {"status": "published"})

    assert in_review.status_code == 200
    assert titles(in_review) == ["Manhole Guard In Review"]
    assert titles(live) == ["Already Live"]


def test_the_queue_filters_by_vendor_and_category(client, curator, submitted):
    other = published_listing(
        title="Other Vendor's Listing",
        vendor=VendorFactory(),
        category=CategoryFactory(slug="water-quality", name="Water quality"),
    )
    client.force_login(curator)

    by_vendor = client.get(QUEUE, {"vendor": submitted.vendor_id})
    by_category = client.get(QUEUE, {"category": other.category_id})

    assert titles(by_vendor) == ["Manhole Guard In Review"]
    assert titles(by_category) == ["Other Vendor's Listing"]


def test_curators_see_what_awaits_their_review_on_the_dashboard(
    client, curator, submitted
):
    client.force_login(curator)

    response = client.get("/cms/")

    assert "Manhole Guard In Review" in response.content.decode()


def test_vendors_have_no_access_to_the_queue(client, submitted):
    client.force_login(vendor_member(submitted.vendor))

    response = client.get(QUEUE)

    assert response.status_code == 302


def test_curators_suspend_and_reinstate_from_the_admin(client, curator, review):
    listing = published_listing(title="Faulty Cam", category=CategoryFactory())
    client.force_login(curator)

    queue = client.get(QUEUE).content.decode()
    form = client.get(f"/cms/catalog/listings/{listing.pk}/suspend/")
    empty = client.post(f"/cms/catalog/listings/{listing.pk}/suspend/", {"reason": ""})
    suspended = client.post(
        f"/cms/catalog/listings/{listing.pk}/suspend/",
        {"reason": "The CE certificate was withdrawn."},
    )

    assert f"/cms/catalog/listings/{listing.pk}/suspend/" in queue
    assert form.status_code == 200
    assert empty.status_code == 200
    listing.refresh_from_db()
    assert suspended.status_code == 302
    assert listing.status == "suspended"
    assert listing.suspended_reason == "The CE certificate was withdrawn."
    assert not listing.live

    client.post(f"/cms/catalog/listings/{listing.pk}/reinstate/")
    listing.refresh_from_db()
    assert listing.suspended_at is None
    assert listing.status == "draft"


def test_vendors_cannot_suspend(client, submitted):
    client.force_login(vendor_member(submitted.vendor))

    response = client.post(
        f"/cms/catalog/listings/{submitted.pk}/suspend/", {"reason": "Competitor"}
    )

    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.suspended_at is None


def test_curators_compare_an_edit_with_the_live_version(
    client, vendor, publisher, curator, decide
):
    from marketplace.services.listings import listing_update

    listing = listing_create(
        vendor=vendor, user=publisher, data=complete_listing_data(CategoryFactory())
    )
    listing_submit(listing=listing, user=publisher)
    decide(listing, "approve")
    listing_update(
        listing=listing, user=publisher, data={"summary": "Now with methane sensing."}
    )
    listing_submit(listing=Listing.objects.get(pk=listing.pk), user=publisher)
    client.force_login(curator)

    dashboard = client.get("/cms/").content.decode()
    revision = Listing.objects.get(pk=listing.pk).latest_revision_id
    compare = client.get(
        f"/cms/snippets/marketplace/listing/history/{listing.pk}/revisions/compare/"
        f"live...{revision}/"
    )

    assert "Compare with live version" in dashboard
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Now with methane sensing." in html
    assert "Tilt, water-level and gas sensors for manhole covers." in html
