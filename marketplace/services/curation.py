"""Writes of the curated tier: endorsing and revoking, reminding curators of
re-reviews, running and cancelling sales. Only curators may do any of it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can
from accounts.roles import Capability
from marketplace.models import (
    Endorsement,
    EndorsementCriterion,
    Listing,
    Plan,
    Promotion,
)
from marketplace.services import notices
from marketplace.signals import listing_changed

# The longest an endorsement may run before a re-review.
ENDORSEMENT_LONGEST = timedelta(days=2 * 366)
# The usual criteria (the migrations add them to a new installation).
DEFAULT_CRITERIA = [
    ("Security review passed", "The platform's security team reviewed the solution."),
    (
        "At least two reference deployments",
        "Two or more public deployments that buyers can contact.",
    ),
    ("SLA of 99.5 % or better", "An uptime commitment in the contract."),
    (
        "Support in the buyer's region",
        "Support staff and hours in the regions the vendor serves.",
    ),
]


# The default criteria in the other languages, by their English name.
DEFAULT_CRITERIA_TRANSLATIONS = {
    "Security review passed": {
        "zh-hans": {
            "name": "通过安全审查",
            "description": "平台安全团队已对该解决方案完成安全审查。",
        },
        "ja": {
            "name": "セキュリティ審査に合格",
            "description": "当プラットフォームのセキュリティチームが"
            "ソリューションを審査済みです。",
        },
    },
    "At least two reference deployments": {
        "zh-hans": {
            "name": "至少两个落地案例",
            "description": "至少有两个公开的落地项目，采购方可直接联系了解使用情况。",
        },
        "ja": {
            "name": "導入実績2件以上",
            "description": "購入者が問い合わせできる公開の導入実績が2件以上あります。",
        },
    },
    "SLA of 99.5 % or better": {
        "zh-hans": {
            "name": "SLA 可用性不低于 99.5%",
            "description": "合同中明确约定服务可用性承诺。",
        },
        "ja": {
            "name": "SLA 稼働率99.5%以上",
            "description": "契約で稼働率が保証されています。",
        },
    },
    "Support in the buyer's region": {
        "zh-hans": {
            "name": "采购方所在地区可获技术支持",
            "description": "供应商在其服务地区配备支持人员，并明确服务时间。",
        },
        "ja": {
            "name": "購入者の地域でのサポート",
            "description": "ベンダーが対応する地域にサポート担当者を置き、"
            "対応時間を定めています。",
        },
    },
}


def criteria_ensure() -> list[EndorsementCriterion]:
    """The usual endorsement criteria with their translations, restored after a
    flush; safe to run again (a curator's own translations stay)."""
    criteria = []
    for order, (name, description) in enumerate(DEFAULT_CRITERIA):
        criterion, _created = EndorsementCriterion.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )
        if not criterion.translations:
            criterion.translations = DEFAULT_CRITERIA_TRANSLATIONS.get(name, {})
            criterion.save(update_fields=["translations"])
        criteria.append(criterion)
    return criteria


def _require(user: User, message: str) -> None:
    if not can(user, Capability.CATALOG_CURATE):
        raise PermissionDenied(message)


def _announce(listing_id: int) -> None:
    transaction.on_commit(
        lambda: listing_changed.send(sender=Listing, listing_id=listing_id)
    )


@transaction.atomic
def endorsement_create(
    *,
    listing: Listing,
    user: User,
    criteria: Iterable[EndorsementCriterion],
    rationale: str,
    expires_at: datetime,
) -> Endorsement:
    """Place a live listing in the curated tier. An endorsement in force is
    replaced (and kept in the history as revoked by the renewal)."""
    _require(
        user,
        _("Only curators can endorse listings."),
    )
    now = timezone.now()
    criteria = list(criteria)
    errors: dict[str, list[str]] = {}
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not listing.live or listing.suspended_at:
        errors.setdefault("listing", []).append(
            _("Only a published listing can be endorsed.")
        )
    if not criteria:
        errors.setdefault("criteria", []).append(
            _("Tick the criteria the listing passed.")
        )
    if not rationale.strip():
        errors.setdefault("rationale", []).append(
            _("Say why the listing belongs in Select.")
        )
    if expires_at <= now:
        errors.setdefault("expires_at", []).append(
            _("The re-review date is in the future.")
        )
    elif expires_at > now + ENDORSEMENT_LONGEST:
        errors.setdefault("expires_at", []).append(
            _("An endorsement is reviewed again within two years.")
        )
    if errors:
        raise ValidationError(errors)
    for current in Endorsement.objects.active(now).filter(listing=listing):
        current.revoked_at = now
        current.revoked_by = user
        current.revoke_reason = _("Renewed by a new endorsement.")
        current.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    endorsement = Endorsement.objects.create(
        listing=listing,
        rationale=rationale.strip(),
        endorsed_by=user,
        endorsed_at=now,
        expires_at=expires_at,
    )
    endorsement.criteria.set(criteria)
    _announce(listing.pk)
    return endorsement


@transaction.atomic
def endorsement_revoke(
    *, endorsement: Endorsement, user: User, reason: str
) -> Endorsement:
    """Take a listing out of the curated tier now. Its running and upcoming sales
    end with it."""
    _require(
        user,
        _("Only curators can revoke endorsements."),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the endorsement is revoked.")})
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.revoked_at is not None:
        return endorsement
    now = timezone.now()
    endorsement.revoked_at = now
    endorsement.revoked_by = user
    endorsement.revoke_reason = reason.strip()
    endorsement.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    Promotion.objects.live().filter(
        plan__listing=endorsement.listing_id, ends_at__gt=now
    ).update(cancelled_at=now, cancelled_by=user)
    _announce(endorsement.listing_id)
    return endorsement


@transaction.atomic
def endorsements_remind(*, at: datetime | None = None) -> int:
    """Tell the curators of each endorsement that lapses within
    `ENDORSEMENT_REMINDER_DAYS`, once (a notification each, e-mailed to those
    who want it). Returns how many were due."""
    at = at or timezone.now()
    within = timedelta(days=settings.ENDORSEMENT_REMINDER_DAYS)
    due = list(
        Endorsement.objects.expiring(within, at)
        .filter(reminded_at__isnull=True)
        .select_related("listing")
        .order_by("expires_at")
    )
    for endorsement in due:
        notices.endorsement_lapsing_notify(endorsement)
    Endorsement.objects.filter(pk__in=[item.pk for item in due]).update(reminded_at=at)
    return len(due)


@transaction.atomic
def promotion_create(
    *,
    plan: Plan,
    user: User,
    percent_off: int,
    starts_at: datetime,
    ends_at: datetime,
    quantity_cap: int | None = None,
) -> Promotion:
    """A sale on a plan of a curated listing. Sales of one plan do not overlap."""
    _require(user, _("Only curators can run sales."))
    plan = Plan.objects.select_related("listing").get(pk=plan.pk)
    errors = _promotion_errors(
        plan=plan,
        percent_off=percent_off,
        starts_at=starts_at,
        ends_at=ends_at,
        quantity_cap=quantity_cap,
    )
    if errors:
        raise ValidationError(errors)
    return Promotion.objects.create(
        plan=plan,
        percent_off=percent_off,
        starts_at=starts_at,
        ends_at=ends_at,
        quantity_cap=quantity_cap,
        created_by=user,
    )


def _promotion_errors(
    *,
    plan: Plan,
    percent_off: int,
    starts_at: datetime,
    ends_at: datetime,
    quantity_cap: int | None,
    exclude_pk: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    now = timezone.now()
    listing = plan.listing
    if not listing.live or not listing.endorsements.active(now).exists():
        add("plan", _("Sales run only on listings in the curated tier."))
    if not 1 <= percent_off <= 90:
        add("percent_off", _("A sale takes 1 to 90 percent off."))
    if ends_at <= starts_at:
        add("ends_at", _("A sale ends after it starts."))
    elif ends_at <= now:
        add("ends_at", _("This end time has passed."))
    if quantity_cap is not None and quantity_cap < 1:
        add("quantity_cap", _("Leave the limit empty or give at least one unit."))
    overlapping = (
        Promotion.objects.live()
        .filter(plan=plan, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk=exclude_pk)
    )
    if overlapping.exists():
        add("starts_at", _("Another sale of this plan runs at that time."))
    return errors


@transaction.atomic
def promotion_cancel(*, promotion: Promotion, user: User) -> Promotion:
    """End a sale now (or before it starts)."""
    _require(user, _("Only curators can end sales."))
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    if promotion.cancelled_at is None:
        promotion.cancelled_at = timezone.now()
        promotion.cancelled_by = user
        promotion.save(update_fields=["cancelled_at", "cancelled_by"])
    return promotion
