"""Buyers are invited to review a solution once their subscription to it has been
active for REVIEW_INVITE_AFTER_DAYS: the members who may write reviews, once per
organization and listing, and not when the organization has reviewed it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from marketplace.models import Subscription
from notifications.models import Notification
from reviews.services import Draft, review_write
from reviews.tasks import review_invitations_send_task
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def active_for(subscription: Subscription, days: int) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(
        activated_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def buyer(used, settings):
    settings.REVIEW_INVITE_AFTER_DAYS = 30
    listing, approver = used
    viewer = MembershipFactory(organization=approver.organization, role=Role.VIEWER)
    subscription = Subscription.objects.get(organization=approver.organization)
    return listing, approver, viewer, subscription


def test_members_who_may_review_are_invited_once_after_the_delay(buyer):
    listing, approver, viewer, subscription = buyer

    active_for(subscription, 29)
    assert review_invitations_send_task() == 0
    assert not Notification.objects.filter(kind="review.invited").exists()

    active_for(subscription, 31)
    assert review_invitations_send_task() == 1
    invited = list(Notification.objects.filter(kind="review.invited"))
    recipients = {notification.recipient for notification in invited}
    assert approver.user in recipients
    assert viewer.user not in recipients
    assert all(
        notification.url == f"/solutions/{listing.slug}/review/"
        and notification.params["listing"] == listing.title
        for notification in invited
    )

    assert review_invitations_send_task() == 0
    assert Notification.objects.filter(kind="review.invited").count() == len(invited)


def test_an_organization_that_reviewed_already_is_not_invited(buyer):
    listing, approver, _viewer, subscription = buyer
    review_write(
        approver,
        listing,
        Draft(
            stars=5,
            title="Works",
            text="It works.",
            city="Futian",
            scale="10 sensors",
            months_in_use=1,
        ),
    )
    active_for(subscription, 60)

    assert review_invitations_send_task() == 0
    assert not Notification.objects.filter(kind="review.invited").exists()
