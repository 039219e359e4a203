"""Writing, replying to, reporting and moderating reviews; and the rating every page
shows, computed from the visible reviews only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Field, Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.permissions import can
from accounts.roles import Capability
from marketplace.models import Listing, Subscription
from marketplace.signals import listing_changed
from reviews.models import (
    STARS,
    ModerationAction,
    Review,
    ReviewModeration,
    ReviewReport,
    ReviewVote,
)
from reviews.ratings import rating_scores_refresh

TEXT_FIELDS = ("title", "text", "city", "scale")


class AlreadyReviewed(Exception):
    """The organization has reviewed this listing: it edits that review instead."""

    def __init__(self, review: Review) -> None:
        super().__init__(review.pk)
        self.review = review


@dataclass(frozen=True)
class Draft:
    stars: int
    title: str
    text: str
    city: str
    scale: str
    months_in_use: int
    show_organization: bool = False


def used_by(organization_id: int, listing: Listing) -> bool:
    """Whether the organization has, or had, a subscription to the listing that was
    delivered (became active)."""
    return Subscription.objects.filter(
        organization_id=organization_id,
        order_line__quote_line__listing=listing,
        activated_at__isnull=False,
    ).exists()


def review_refusal(membership: Membership | None, listing: Listing) -> str:
    """Why this member may not review the listing; empty when they may."""
    if membership is None or not membership.organization.is_buyer:
        return _("Only members of a buyer organization can review solutions.")
    if not membership.can(Capability.REVIEW_WRITE):
        return _("Your role in %(organization)s does not include writing reviews.") % {
            "organization": membership.organization.name
        }
    if not used_by(membership.organization_id, listing):
        return _(
            "Reviews come from buyers who use the solution: %(organization)s has no "
            "subscription to it."
        ) % {"organization": membership.organization.name}
    return ""


def _longest(model: type[Model], field: str) -> int:
    """The longest text the model's field takes."""
    found = model._meta.get_field(field)
    if not isinstance(found, Field) or found.max_length is None:
        raise ValueError(f"{model.__name__}.{field} has no length limit")
    return found.max_length


def _checked(draft: Draft) -> Draft:
    errors: dict[str, str] = {}
    if draft.stars not in STARS:
        errors["stars"] = _("Give from 1 to 5 stars.")
    for name in TEXT_FIELDS:
        if not str(getattr(draft, name)).strip():
            errors[name] = _("This field is required.")
    for name in TEXT_FIELDS:
        limit = _longest(Review, name)
        if len(getattr(draft, name)) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
    if not 0 <= draft.months_in_use <= 600:
        errors["months_in_use"] = _("Give the months in use, from 0 to 600.")
    if errors:
        raise ValidationError(errors)
    return Draft(
        stars=draft.stars,
        months_in_use=draft.months_in_use,
        show_organization=draft.show_organization,
        **{name: getattr(draft, name).strip() for name in TEXT_FIELDS},
    )


def review_write(membership: Membership, listing: Listing, draft: Draft) -> Review:
    refusal = review_refusal(membership, listing)
    if refusal:
        raise PermissionDenied(refusal)
    draft = _checked(draft)
    with transaction.atomic():
        existing = (
            Review.objects.select_for_update()
            .filter(listing=listing, organization=membership.organization)
            .first()
        )
        if existing is not None:
            raise AlreadyReviewed(existing)
        review = Review.objects.create(
            listing=listing,
            organization=membership.organization,
            author=membership.user,
            language=translation.get_language() or "en",
            **draft.__dict__,
        )
        rating_refresh(listing.pk)
    return review


def review_edit(membership: Membership, review: Review, draft: Draft) -> Review:
    """A member of the reviewing organization rewrites its review."""
    if review.organization_id != membership.organization_id or not membership.can(
        Capability.REVIEW_WRITE
    ):
        raise PermissionDenied(_("Only the organization that wrote it can edit it."))
    draft = _checked(draft)
    with transaction.atomic():
        for name, value in draft.__dict__.items():
            setattr(review, name, value)
        review.updated_at = timezone.now()
        review.save()
        rating_refresh(review.listing_id)
    return review


def review_reply(membership: Membership, review: Review, text: str) -> Review:
    """The vendor's one public reply."""
    vendor = getattr(membership.organization, "vendor", None)
    if vendor is None or review.listing.vendor_id != vendor.pk:
        raise PermissionDenied(_("Only the listing's vendor can reply."))
    if not membership.can(Capability.REVIEW_REPLY):
        raise PermissionDenied(_("Your role does not include replying to reviews."))
    text = text.strip()
    if not text or len(text) > _longest(Review, "reply"):
        raise ValidationError({"text": _("Write a reply of up to 4000 characters.")})
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.replied_at is not None:
            raise ValidationError({"text": _("This review already has your reply.")})
        review.reply, review.replied_at = text, timezone.now()
        review.replied_by = membership.user
        review.save(update_fields=["reply", "replied_at", "replied_by"])
    return review


def review_report(user: User, review: Review, reason: str) -> ReviewReport:
    """Anyone signed in reports a review to the curators, once."""
    reason = reason.strip()
    if not reason or len(reason) > _longest(ReviewReport, "reason"):
        raise ValidationError(
            {"reason": _("Say in up to 1000 characters what is wrong.")}
        )
    report, _created = ReviewReport.objects.get_or_create(
        review=review, reporter=user, defaults={"reason": reason}
    )
    return report


def review_vote(user: User, review: Review) -> ReviewVote:
    """A reader finds the review helpful (once; voting again changes nothing). The
    reviewing organization's own members do not vote on it."""
    if review.hidden_at is not None:
        raise PermissionDenied(_("This review is hidden."))
    if Membership.objects.filter(
        user=user, organization_id=review.organization_id
    ).exists():
        raise PermissionDenied(
            _("Your organization wrote this review: others judge whether it helps.")
        )
    vote, _created = ReviewVote.objects.get_or_create(review=review, voter=user)
    return vote


def review_unvote(user: User, review: Review) -> None:
    """The reader takes their vote back (none: nothing changes)."""
    ReviewVote.objects.filter(review=review, voter=user).delete()


def _moderate(user: User, review: Review, action: str, reason: str) -> Review:
    if not can(user, Capability.CATALOG_CURATE):
        raise PermissionDenied(_("Only curators moderate reviews."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is kept.")})
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        now = timezone.now()
        if action == ModerationAction.HIDDEN:
            review.hidden_at, review.hidden_reason = now, reason
        elif action == ModerationAction.RESTORED:
            review.hidden_at, review.hidden_reason = None, ""
        review.save(update_fields=["hidden_at", "hidden_reason"])
        ReviewModeration.objects.create(
            review=review, action=action, reason=reason, by=user, at=now
        )
        review.reports.filter(settled_at__isnull=True).update(settled_at=now)
        rating_refresh(review.listing_id)
    return review


def review_hide(user: User, review: Review, reason: str) -> Review:
    return _moderate(user, review, ModerationAction.HIDDEN, reason)


def review_restore(user: User, review: Review, reason: str) -> Review:
    return _moderate(user, review, ModerationAction.RESTORED, reason)


def review_keep(user: User, review: Review, reason: str) -> Review:
    """A curator looked at the reports and keeps the review visible."""
    return _moderate(user, review, ModerationAction.KEPT, reason)


def rating_of(listing_id: int) -> tuple[Decimal | None, int, dict[str, int]]:
    """The average stars of the visible reviews (one decimal), their count and how
    many gave each number of stars."""
    counts = dict(
        Review.objects.filter(listing_id=listing_id, hidden_at__isnull=True)
        .values_list("stars")
        .annotate(n=Count("pk"))
    )
    distribution = {str(stars): counts.get(stars, 0) for stars in STARS}
    total = sum(distribution.values())
    if not total:
        return None, 0, distribution
    mean = Decimal(sum(stars * n for stars, n in counts.items())) / total
    return mean.quantize(Decimal("0.1"), ROUND_HALF_UP), total, distribution


def rating_refresh(listing_id: int) -> None:
    """Write the listing's rating from its visible reviews (no new revision: the
    rating is not the vendor's content), and index it again."""
    rating, count, distribution = rating_of(listing_id)
    Listing.objects.filter(pk=listing_id).update(
        rating=rating, rating_count=count, rating_distribution=distribution
    )
    # Its kind's mean moved: every listing of the kind ranks anew.
    rating_scores_refresh(listing_id=listing_id)
    listing_changed.send(sender=Review, listing_id=listing_id)
