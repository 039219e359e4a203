"""Asking buyers for a review: once a subscription has been active for
`REVIEW_INVITE_AFTER_DAYS`, the buyer organization's members who may write reviews
are told (a `review.invited` notification), once per organization and listing, and
not if the organization has reviewed the listing already."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from accounts.roles import Capability
from accounts.selectors import members_able
from marketplace.models import Listing, Subscription, SubscriptionStatus
from notifications.services import notify
from reviews.models import Review, ReviewInvitation

logger = logging.getLogger(__name__)

# Invitations sent in one run at most; the next run sends the rest.
BATCH = 500


def invitations_due(now: datetime) -> list[tuple[int, int]]:
    """(organization id, listing id) of the buyers to invite now."""
    since = now - timedelta(days=settings.REVIEW_INVITE_AFTER_DAYS)
    listing = "order_line__quote_line__listing_id"
    invited = ReviewInvitation.objects.filter(
        organization_id=OuterRef("organization_id"), listing_id=OuterRef(listing)
    )
    reviewed = Review.objects.filter(
        organization_id=OuterRef("organization_id"), listing_id=OuterRef(listing)
    )
    pairs = (
        Subscription.objects.filter(
            status=SubscriptionStatus.ACTIVE,
            activated_at__lte=since,
            order_line__quote_line__listing__live=True,
        )
        .filter(~Exists(invited), ~Exists(reviewed))
        .values_list("organization_id", listing)
        .distinct()
        .order_by("organization_id", listing)
    )
    return list(pairs[:BATCH])


def review_invite(organization: Organization, listing: Listing) -> bool:
    """Invite the organization to review the listing, unless it was invited
    before; answers whether it was invited now."""
    try:
        with transaction.atomic():
            ReviewInvitation.objects.create(organization=organization, listing=listing)
            notify(
                kind="review.invited",
                recipients=members_able(
                    organization=organization, capability=Capability.REVIEW_WRITE
                ),
                key=f"review:{organization.pk}:{listing.pk}:invited",
                params={"listing": listing.title},
                url=reverse("reviews:write", args=[listing.slug]),
            )
    except IntegrityError:
        # Another run invited it meanwhile.
        return False
    return True


def review_invitations_send(now: datetime | None = None) -> int:
    """Invite every buyer whose subscription has been active long enough; answers
    how many pairs of organization and listing were invited."""
    due = invitations_due(now or timezone.now())
    organizations = Organization.objects.in_bulk({org for org, _ in due})
    listings = Listing.objects.in_bulk({listing for _, listing in due})
    sent = 0
    for organization_id, listing_id in due:
        sent += review_invite(organizations[organization_id], listings[listing_id])
    if sent:
        logger.info("invited %s buyers to review a solution", sent)
    return sent
