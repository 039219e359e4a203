"""Quotes: a package frozen with today's prices, and its approval."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from marketplace.authorization import buyer_require, package_own, quote_may_approve
from marketplace.models import Package, Quote, QuoteLine, QuoteStatus, Reason
from marketplace.selectors.packages import package_summarize
from marketplace.services.pricing import LinePrice, tax_on


def _promotion_id(price: LinePrice) -> int | None:
    return price.sale.promotion_id if price.sale and price.sale_units else None


@transaction.atomic
def quote_create(*, membership: Membership, package: Package) -> Quote:
    """Freeze the package into a new numbered quote. Earlier open quotes of the
    package are superseded."""
    buyer_require(membership, Capability.QUOTE_REQUEST)
    package_own(membership, package)
    package = Package.objects.select_for_update().get(pk=package.pk)
    summary = package_summarize(package)
    if not summary.lines:
        raise ValidationError({"package": _("Add at least one solution first.")})
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
    quote.refresh_from_db()
    return quote


@transaction.atomic
def quote_approve(*, membership: Membership, quote: Quote) -> Quote:
    """Approve a quote: an approver of the organization, and not the requester
    unless the organization allows self-approval."""
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    quote_may_approve(membership, quote)
    if quote.status == QuoteStatus.APPROVED:
        return quote
    if quote.status != QuoteStatus.PENDING:
        raise ValidationError(
            _("This quote is %(status)s.") % {"status": quote.get_status_display()}
        )
    if quote.is_expired():
        raise ValidationError(_("This quote has expired; ask for a new one."))
    quote.move_to(
        QuoteStatus.APPROVED, reason=Reason.QUOTE_APPROVED, by=membership.user
    )
    quote.approved_by = membership.user
    quote.approved_at = timezone.now()
    quote.save(update_fields=["status", "approved_by", "approved_at"])
    return quote
