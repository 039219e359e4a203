"""Vendors draft and submit; curators approve or ask for changes; only approved
versions are public, and a live listing stays as approved while an edit waits."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from marketplace.models import Listing, ListingStatus
from marketplace.selectors.catalog import listing_review_comments, listings_published
from marketplace.services.listings import (
    listing_create,
    listing_submit,
    listing_suspend,
    listing_update,
)
from tests.factories.catalog import (
    VendorFactory,
    complete_listing_data,
    vendor_member,
)

pytestmark = pytest.mark.django_db


def test_a_draft_needs_only_a_title_and_a_category(vendor, publisher, category, review):
    listing = listing_create(
        vendor=vendor,
        user=publisher,
        data={"title": "Manhole Guard", "category": category},
    )

    assert listing.status == ListingStatus.DRAFT
    assert listing.slug == "manhole-guard"
    assert not listings_published().filter(pk=listing.pk).exists()


def test_submitting_an_incomplete_listing_says_what_is_missing(
    vendor, publisher, category, review
):
    listing = listing_create(
        vendor=vendor,
        user=publisher,
        data={"title": "Manhole Guard", "category": category},
    )

    with pytest.raises(ValidationError) as error:
        listing_submit(listing=listing, user=publisher)

    assert "summary" in error.value.messages[0]
    assert "at least one plan" in error.value.messages[0]
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    assert not listing.workflow_states.exists()


def test_approval_publishes_the_listing(vendor, publisher, category, decide):
    listing = listing_create(
        vendor=vendor, user=publisher, data=complete_listing_data(category)
    )

    listing_submit(listing=listing, user=publisher)
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.IN_REVIEW
    assert not listings_published().filter(pk=listing.pk).exists()
    decide(listing, "approve")

    published = listings_published().get(pk=listing.pk)
    assert published.status == ListingStatus.PUBLISHED
    assert [plan.code for plan in published.plans.all()] == ["SENSOR", "PLATFORM"]


def test_an_edit_to_a_live_listing_stays_invisible_until_approved(
    vendor, publisher, category, decide
):
    listing = listing_create(
        vendor=vendor, user=publisher, data=complete_listing_data(category)
    )
    listing_submit(listing=listing, user=publisher)
    decide(listing, "approve")
    sensor_id = Listing.objects.get(pk=listing.pk).plans.get(code="SENSOR").pk

    listing_update(
        listing=listing,
        user=publisher,
        data={
            "summary": "Now with a methane sensor.",
            "plans": [
                {
                    "code": "SENSOR",
                    "name": "Sensor v2",
                    "billing": "one_time",
                    "unit": "device",
                    "unit_price": 72000,
                },
            ],
        },
    )

    live = listings_published().get(pk=listing.pk)
    assert live.summary == "Tilt, water-level and gas sensors for manhole covers."
    assert live.plans.count() == 2
    assert live.status == ListingStatus.PUBLISHED_WITH_CHANGES

    listing_submit(listing=live, user=publisher)
    decide(listing, "approve")

    live = listings_published().get(pk=listing.pk)
    assert live.summary == "Now with a methane sensor."
    assert [(plan.pk, plan.name, plan.unit_price) for plan in live.plans.all()] == [
        (sensor_id, "Sensor v2", 72000)
    ]


def test_curators_ask_for_changes_with_a_comment_the_vendor_reads(
    vendor, publisher, category, curator, decide
):
    listing = listing_create(
        vendor=vendor, user=publisher, data=complete_listing_data(category)
    )
    listing_submit(listing=listing, user=publisher)

    decide(listing, "reject", comment="Add the IP68 test report.")

    listing = Listing.objects.get(pk=listing.pk)
    assert listing.status == ListingStatus.CHANGES_REQUESTED
    assert not listings_published().filter(pk=listing.pk).exists()
    comments = listing_review_comments(listing=listing)
    assert [(c["status"], c["comment"]) for c in comments] == [
        ("rejected", "Add the IP68 test report.")
    ]
    assert comments[0]["by"] == curator.get_full_name()

    listing_update(
        listing=listing, user=publisher, data={"summary": "With IP68 report."}
    )
    listing_submit(listing=listing, user=publisher)
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.IN_REVIEW


def test_only_verified_vendors_submit(publisher, category, review):
    applicant = VendorFactory(status="applied")
    member = vendor_member(applicant, Role.OWNER)
    listing = listing_create(
        vendor=applicant, user=member, data=complete_listing_data(category)
    )

    with pytest.raises(ValidationError, match="Only verified vendors"):
        listing_submit(listing=listing, user=member)

    assert not listing.workflow_states.exists()


@pytest.mark.parametrize("role", [Role.FULFILMENT])
def test_roles_without_listing_rights_cannot_draft(vendor, category, role, review):
    member = vendor_member(vendor, role)

    with pytest.raises(PermissionDenied):
        listing_create(
            vendor=vendor, user=member, data={"title": "X", "category": category}
        )

    assert not Listing.objects.exists()


def test_members_of_another_vendor_cannot_edit(vendor, publisher, category, review):
    listing = listing_create(
        vendor=vendor,
        user=publisher,
        data={"title": "Manhole Guard", "category": category},
    )
    outsider = vendor_member(VendorFactory(), Role.OWNER)

    with pytest.raises(PermissionDenied):
        listing_update(listing=listing, user=outsider, data={"title": "Hijacked"})

    assert Listing.objects.get(pk=listing.pk).title == "Manhole Guard"


def test_descriptions_are_sanitised(vendor, publisher, category, review):
    listing = listing_create(
        vendor=vendor,
        user=publisher,
        data={
            "title": "Manhole Guard",
            "category": category,
            "description": '<p onclick="x()">Safe <script>alert(1)</script>'
            '<a href="javascript:alert(1)">link</a> <strong>bold</strong></p>',
        },
    )

    assert listing.description == (
        '<p>Safe <a rel="noopener noreferrer nofollow">link</a> '
        "<strong>bold</strong></p>"
    )


def test_invalid_plans_are_refused_and_nothing_is_saved(
    vendor, publisher, category, review
):
    data = complete_listing_data(
        category,
        plans=[
            {
                "code": "STD",
                "name": "Standard",
                "billing": "monthly",
                "unit": "user",
                "unit_price": 1000,
                "min_quantity": 10,
                "max_quantity": 5,
            },
        ],
    )

    with pytest.raises(ValidationError) as error:
        listing_create(vendor=vendor, user=publisher, data=data)

    assert "plans[0].max_quantity" in error.value.message_dict
    assert not Listing.objects.exists()


def test_a_suspended_listing_leaves_the_store(
    vendor, publisher, category, curator, decide
):
    listing = listing_create(
        vendor=vendor, user=publisher, data=complete_listing_data(category)
    )
    listing_submit(listing=listing, user=publisher)
    decide(listing, "approve")

    listing_suspend(listing=listing, user=curator, reason="Certificate expired.")

    listing = Listing.objects.get(pk=listing.pk)
    assert listing.status == ListingStatus.SUSPENDED
    assert listing.suspended_by == curator
    assert not listings_published().filter(pk=listing.pk).exists()
    with pytest.raises(PermissionDenied):
        listing_suspend(listing=listing, user=publisher, reason="Sabotage")
