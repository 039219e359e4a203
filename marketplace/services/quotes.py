"""Quotes: a package frozen with today's prices, phase by phase."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from marketplace.authorization import buyer_require, package_own
from marketplace.limits import MAX_AMOUNT
from marketplace.models import (
    Decision,
    Order,
    OrderKind,
    OrderStatus,
    Package,
    Quote,
    QuoteDecision,
    QuoteLine,
    QuotePhase,
    QuoteStatus,
    Reason,
)
from marketplace.money import Money
from marketplace.selectors.approvals import approvals_needed
from marketplace.selectors.packages import PackageSummary, package_summarize
from marketplace.services.approvals import approval_ask, approval_require
from marketplace.services.pricing import LinePrice, tax_on


def _promotion_id(price: LinePrice) -> int | None:
    return price.sale.promotion_id if price.sale and price.sale_units else None


def phase_name(number: int) -> str:
    return _("Phase %(number)s") % {"number": number}


def _hold_until(quote: Quote, first: bool, planned_start: date | None) -> datetime:
    """Until when a phase's prices hold: the first phase's as long as the quote is
    valid; a later one's until its planned start plus the grace period (and never
    less than the quote's validity)."""
    if first or planned_start is None:
        return quote.valid_until
    # To the end of the grace period's last day.
    day = planned_start + timedelta(days=settings.PHASE_PRICE_HOLD_GRACE_DAYS)
    end = timezone.make_aware(datetime.combine(day, time(23, 59)))
    return max(quote.valid_until, end)


def quote_phases_freeze(
    quote: Quote, package: Package, summary: PackageSummary
) -> None:
    """Freeze each phase: its name and dates, its totals and how long they hold."""
    named = {phase.number: phase for phase in package.phases.all()}
    discounts: dict[int, int] = {}
    for item in summary.lines:
        discounts[item.line.phase] = (
            discounts.get(item.line.phase, 0) + item.price.discount
        )
    rows = []
    for index, totals in enumerate(summary.phases):
        phase = named.get(totals.phase)
        planned_start = phase.planned_start if phase else None
        first_charge = totals.one_time + totals.monthly + totals.annual
        tax = tax_on(first_charge, quote.tax_rate)
        rows.append(
            QuotePhase(
                quote=quote,
                number=totals.phase,
                name=phase.name if phase else phase_name(totals.phase),
                planned_start=planned_start,
                note=phase.note if phase else "",
                price_hold_until=_hold_until(quote, index == 0, planned_start),
                one_time=totals.one_time,
                recurring_monthly=totals.monthly,
                recurring_annual=totals.annual,
                discount=discounts.get(totals.phase, 0),
                tax=tax,
                first_charge=first_charge + tax,
            )
        )
    QuotePhase.objects.bulk_create(rows)


def package_largest_amount(summary: PackageSummary) -> int:
    """The largest amount a quote of the package would hold or its page shows: a
    year's cost, a contract term's, the cost of ownership over five years."""
    amounts = [summary.first_year, summary.term_total]
    if summary.costs is not None:
        amounts.append(summary.costs.tco_5_years)
        amounts += [year.total for year in summary.costs.years]
    return max(amounts, default=0)


def package_amounts_check(
    package: Package, *, field: str | None = None, summary: PackageSummary | None = None
) -> None:
    """Refuse a package whose quote could not be computed: one that costs more
    than MAX_AMOUNT in a year, a contract term or five years (a quote's columns and
    arithmetic hold that much, with room for tax). The error is under `field`, the
    input that made it so. Package services call it before they commit a change."""
    largest = package_largest_amount(summary or package_summarize(package))
    if largest > MAX_AMOUNT:
        message = _(
            "The package would cost %(amount)s, more than a quote takes "
            "(%(max)s). Split it into several packages."
        ) % {
            "amount": Money(largest, package.currency),
            "max": Money(MAX_AMOUNT, package.currency),
        }
        raise ValidationError({field: message} if field else message)


def _unreleased(summary: PackageSummary) -> PackageSummary:
    """The package without the phases ordered already (under an earlier quote, by
    an order that stands): a new quote prices only what is left to release."""
    released = set(
        Order.objects.filter(quote__package=summary.package, kind=OrderKind.INITIAL)
        .exclude(status=OrderStatus.CANCELLED)
        .values_list("phase", flat=True)
    )
    if not released:
        return summary
    return replace(
        summary,
        lines=[item for item in summary.lines if item.line.phase not in released],
        phases=[phase for phase in summary.phases if phase.phase not in released],
    )


@transaction.atomic
def quote_create(
    *, membership: Membership, package: Package, ask: bool = True
) -> Quote:
    """Freeze the package into a new numbered quote: the phases not ordered yet,
    priced now. Earlier open quotes of the package are superseded. Refused where
    nobody could approve it; otherwise its approvers are told (unless `ask` is
    off, for a requester about to approve it themselves)."""
    buyer_require(membership, Capability.QUOTE_REQUEST)
    package_own(membership, package)
    package = Package.objects.select_for_update().get(pk=package.pk)
    summary = package_summarize(package)
    if not summary.lines:
        raise ValidationError({"package": _("Add at least one solution first.")})
    # Prices may have risen since the package was composed.
    package_amounts_check(package, field="package", summary=summary)
    summary = _unreleased(summary)
    if not summary.lines:
        raise ValidationError(
            {"package": _("Every phase of this package is ordered already.")}
        )
    organization = membership.organization
    needed = approvals_needed(
        organization, amount=summary.first_year, currency=package.currency
    )
    approval_require(organization, membership.user, needed)
    now = timezone.now()
    first_charge = summary.one_time + summary.monthly + summary.annual
    tax = tax_on(first_charge, settings.TAX_RATE_BASIS_POINTS)
    quote = Quote(
        # Numbered from its id once it has one.
        number=f"new-{secrets.token_hex(6)}",
        organization=membership.organization,
        package=package,
        package_name=package.name,
        currency=package.currency,
        tax_rate=settings.TAX_RATE_BASIS_POINTS,
        one_time=summary.one_time,
        recurring_monthly=summary.monthly,
        recurring_annual=summary.annual,
        discount=summary.discount,
        first_year=summary.first_year,
        tax=tax,
        first_charge=first_charge + tax,
        requested_by=membership.user,
        created_at=now,
        valid_until=now + timedelta(days=settings.QUOTE_VALIDITY_DAYS),
        approvals_needed=needed,
    )
    quote.created_because(Reason.QUOTE_REQUESTED, by=membership.user)
    quote.save()
    Quote.objects.filter(pk=quote.pk).update(number=f"Q-{now:%Y}-{quote.pk:06d}")
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            vendor=item.line.plan.listing.vendor,
            listing=item.line.plan.listing,
            plan=item.line.plan,
            promotion_id=_promotion_id(item.price),
            listing_title=item.line.plan.listing.title,
            vendor_name=item.line.plan.listing.vendor.organization.name,
            plan_code=item.line.plan.code,
            plan_name=item.line.plan.name,
            billing=item.line.plan.billing,
            unit=item.line.plan.unit,
            contract_term_months=item.line.plan.contract_term_months,
            quantity=item.line.quantity,
            phase=item.line.phase,
            site=item.line.site,
            list_unit_price=item.price.list_unit_price,
            sale_unit_price=item.price.sale_unit_price,
            sale_units=item.price.sale_units,
            setup_fee=item.price.setup_fee,
            subtotal=item.price.subtotal,
            discount=item.price.discount,
        )
        for item in summary.lines
    )
    quote_phases_freeze(quote, package, summary)
    for older in (
        Quote.objects.select_for_update()
        .filter(package=package, status__in=[QuoteStatus.PENDING, QuoteStatus.APPROVED])
        .exclude(pk=quote.pk)
        .order_by("pk")
    ):
        older.move_to(
            QuoteStatus.SUPERSEDED,
            reason=Reason.QUOTE_SUPERSEDED,
            by=membership.user,
            note=quote.number,
        )
        older.save(update_fields=["status"])
    QuoteDecision.objects.create(
        quote=quote, decision=Decision.REQUESTED, by=membership.user, at=now
    )
    quote.refresh_from_db()
    if ask:
        approval_ask(quote)
    return quote
