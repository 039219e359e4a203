"""Who may review, one review per organization, the vendor's one reply, reports and
moderation, and the rating computed from visible reviews only."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import OrganizationKind, Role
from marketplace.models import Listing
from reviews.models import Review
from reviews.services import (
    AlreadyReviewed,
    Draft,
    rating_of,
    review_edit,
    review_hide,
    review_refusal,
    review_reply,
    review_report,
    review_restore,
    review_write,
)
from tests.factories.accounts import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
    UserFactory,
)
from tests.factories.buying import SubscriptionFactory
from tests.factories.catalog import PlanFactory, vendor_member

pytestmark = pytest.mark.django_db


def draft(stars: int = 4, **fields) -> Draft:
    values = {
        "title": "Fewer site visits",
        "text": "Alerts came within a minute of a cover being lifted.",
        "city": "Futian District, Shenzhen",
        "scale": "1,200 manhole sensors",
        "months_in_use": 14,
    }
    return Draft(stars=stars, **{**values, **fields})


@pytest.fixture
def used():
    """A listing, and an approver of a buyer that subscribed to it (delivered)."""
    subscription = SubscriptionFactory(provisioned=True)
    listing = subscription.order_line.quote_line.listing
    buyer = MembershipFactory(
        organization=subscription.organization, role=Role.APPROVER
    )
    return listing, buyer


def test_a_buyer_that_uses_the_solution_reviews_it_and_the_rating_follows(used):
    listing, buyer = used

    review_write(buyer, listing, draft(stars=4))

    listing.refresh_from_db()
    assert listing.rating == Decimal("4.0")
    assert listing.rating_count == 1
    assert listing.rating_distribution == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}


def test_a_buyer_without_a_subscription_is_refused_with_the_reason(used):
    listing, _buyer = used
    stranger = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER),
        role=Role.APPROVER,
    )

    assert "no subscription" in review_refusal(stranger, listing)
    with pytest.raises(PermissionDenied):
        review_write(stranger, listing, draft())
    assert not Review.objects.exists()


def test_an_undelivered_subscription_does_not_qualify():
    subscription = SubscriptionFactory(provisioned=False)
    listing = subscription.order_line.quote_line.listing
    buyer = MembershipFactory(
        organization=subscription.organization, role=Role.APPROVER
    )

    assert review_refusal(buyer, listing)


def test_a_viewer_and_a_vendor_cannot_review(used):
    listing, buyer = used
    viewer = MembershipFactory(organization=buyer.organization, role=Role.VIEWER)
    vendor = vendor_member(listing.vendor).memberships.get()

    assert review_refusal(viewer, listing)
    assert review_refusal(vendor, listing)


def test_one_review_per_organization_which_its_members_edit(used):
    listing, buyer = used
    colleague = MembershipFactory(organization=buyer.organization, role=Role.REQUESTER)
    review = review_write(buyer, listing, draft(stars=2))

    with pytest.raises(AlreadyReviewed) as refused:
        review_write(colleague, listing, draft(stars=5))
    assert refused.value.review == review

    review_edit(colleague, review, draft(stars=5, title="Better after the update"))
    listing.refresh_from_db()
    assert (listing.rating, listing.rating_count) == (Decimal("5.0"), 1)


def test_bad_input_is_refused_and_changes_nothing(used):
    listing, buyer = used

    with pytest.raises(ValidationError) as refused:
        review_write(buyer, listing, draft(stars=6, title="  ", months_in_use=-1))

    assert set(refused.value.message_dict) == {"stars", "title", "months_in_use"}
    assert not Review.objects.exists()


def test_the_vendor_replies_once_and_only_the_vendor(used):
    listing, buyer = used
    review = review_write(buyer, listing, draft())
    other_vendor = vendor_member(PlanFactory().listing.vendor).memberships.get()
    vendor = vendor_member(listing.vendor).memberships.get()

    with pytest.raises(PermissionDenied):
        review_reply(other_vendor, review, "Thank you!")
    review_reply(vendor, review, "Thank you for the details.")
    with pytest.raises(ValidationError):
        review_reply(vendor, review, "And again.")

    review.refresh_from_db()
    assert review.reply == "Thank you for the details."


def test_curators_hide_and_restore_with_reasons_kept_and_the_rating_follows(used):
    listing, buyer = used
    review = review_write(buyer, listing, draft(stars=1))
    review_report(UserFactory(), review, "Names a person.")
    curator = PlatformMemberFactory()

    with pytest.raises(PermissionDenied):
        review_hide(buyer.user, review, "No.")
    review_hide(curator, review, "Names a member of staff.")
    listing.refresh_from_db()
    assert (listing.rating, listing.rating_count) == (None, 0)
    assert not review.reports.filter(settled_at__isnull=True).exists()

    review_restore(curator, review, "Name removed by the buyer.")
    listing.refresh_from_db()
    assert (listing.rating, listing.rating_count) == (Decimal("1.0"), 1)
    assert [step.action for step in review.moderation.all()] == ["restored", "hidden"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    reviews=st.lists(
        st.tuples(st.integers(1, 5), st.booleans()), min_size=0, max_size=8
    )
)
def test_the_rating_is_the_mean_of_the_visible_reviews(reviews):
    listing = PlanFactory().listing
    for index, (stars, hidden) in enumerate(reviews):
        Review.objects.create(
            listing=listing,
            organization=OrganizationFactory(kind=OrganizationKind.BUYER),
            stars=stars,
            title=f"Review {index}",
            text="Text",
            city="City",
            scale="Scale",
            months_in_use=3,
            show_organization=False,
            language="en",
            hidden_at=listing.created_at if hidden else None,
        )

    rating, count, distribution = rating_of(listing.pk)

    visible = [stars for stars, hidden in reviews if not hidden]
    assert count == len(visible) == sum(distribution.values())
    if visible:
        # To one decimal.
        assert abs(rating - Decimal(sum(visible)) / len(visible)) <= Decimal("0.05")
    else:
        assert rating is None
    Listing.objects.filter(pk=listing.pk).delete()
