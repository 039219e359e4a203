"""Orders: placed from an approved quote, split per vendor, and paid by card or by
invoice through the payments service; cancelled before they are paid.

Depends one way: orders → payments → subscriptions → provisioning events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.roles import Capability
from config.api.exceptions import Conflict
from marketplace.authorization import finance_require, orders_allowed, quote_own
from marketplace.models import (
    Order,
    OrderKind,
    OrderLine,
    OrderStatus,
    PackageLine,
    PaymentMethod,
    Plan,
    Promotion,
    Quote,
    QuoteLine,
    QuotePhase,
    QuoteStatus,
    Reason,
    VendorOrder,
)
from marketplace.services.approvals import approval_ask, quote_approve
from marketplace.services.ledger import ledger_cancel, ledger_charge
from marketplace.services.locks import order_lock
from marketplace.services.packages import package_create, package_line_add
from marketplace.services.page_cache import catalog_changed
from marketplace.services.payments import attempts as payment_attempts
from marketplace.services.quotes import quote_create


def commission_on(gross: int, rate_basis_points: int) -> int:
    return (gross * rate_basis_points + 5_000) // 10_000


@dataclass(frozen=True)
class Placed:
    """An order, and whether this call placed it (False: it was placed before)."""

    order: Order
    created: bool


class PriceHoldLapsed(Conflict):
    """The phase's prices held until a day that has passed: a new quote prices it."""


def _sale_units_claim(quote: Quote, phase: int) -> None:
    """Claim the phase's sale units from each sale's cap, or refuse: the units are
    taken by one conditional UPDATE per sale, so two orders can never together take
    more than the cap, and only while the sale runs."""
    now = timezone.now()
    for line in quote.lines.filter(
        phase=phase, promotion__isnull=False, sale_units__gt=0
    ):
        claimed = Promotion.objects.filter(
            Q(quantity_cap__isnull=True)
            | Q(quantity_cap__gte=F("units_claimed") + line.sale_units),
            pk=line.promotion_id or 0,
            cancelled_at__isnull=True,
            ends_at__gt=now,
        ).update(units_claimed=F("units_claimed") + line.sale_units)
        if not claimed:
            raise ValidationError(
                _(
                    "The sale on %(title)s has ended or has no units left at the sale "
                    "price. Ask for a new quote: it shows today's prices."
                )
                % {"title": line.listing_title}
            )
        # The units left (and a sale that has none left) show on public pages.
        catalog_changed()


def _sale_units_release(order: Order) -> None:
    """A cancelled order gives its sale units back to their sales."""
    for line in order.quote.lines.filter(
        phase=order.phase, promotion__isnull=False, sale_units__gt=0
    ):
        Promotion.objects.filter(
            pk=line.promotion_id or 0, units_claimed__gte=line.sale_units
        ).update(units_claimed=F("units_claimed") - line.sale_units)
        catalog_changed()


def vendor_orders_create(order: Order, lines: dict[int, list[OrderLine]]) -> int:
    """Split the order per vendor (`lines` by vendor id, unsaved): each vendor's
    part, numbered after the order, with its lines' gross before tax, the platform's
    commission and the net it is owed; then the lines. Answers how many lines."""
    rate = settings.PLATFORM_COMMISSION_BASIS_POINTS
    vendor_orders = []
    for index, vendor_id in enumerate(sorted(lines), start=1):
        gross = sum(line.amount for line in lines[vendor_id])
        commission = commission_on(gross, rate)
        vendor_orders.append(
            VendorOrder(
                order=order,
                vendor_id=vendor_id,
                number=f"{order.number}-{index}",
                currency=order.currency,
                gross=gross,
                commission_rate=rate,
                commission=commission,
                net=gross - commission,
            )
        )
    VendorOrder.objects.bulk_create(vendor_orders)
    made = []
    for vendor_order in vendor_orders:
        for line in lines[vendor_order.vendor_id]:
            line.vendor_order = vendor_order
            made.append(line)
    OrderLine.objects.bulk_create(made)
    return len(made)


def _first_charges(order: Order, quote_lines: list[QuoteLine]) -> None:
    """A released phase's lines, each with its first charge: its setup fee and its
    units' first period (or their one-time price)."""
    by_vendor: dict[int, list[OrderLine]] = defaultdict(list)
    for line in quote_lines:
        by_vendor[line.vendor_id].append(
            OrderLine(
                quote_line=line,
                kind=OrderKind.INITIAL,
                quantity=line.quantity,
                amount=line.setup_fee + line.subtotal,
            )
        )
    vendor_orders_create(order, by_vendor)


def order_number(order: Order) -> str:
    """O-YYYY-NNNNNN, from the order's id and the year it was placed."""
    return f"O-{order.placed_at:%Y}-{order.pk:06d}"


def _purchase_order(membership: Membership, purchase_order: str) -> str:
    purchase_order = purchase_order.strip()
    if len(purchase_order) > 64:
        raise ValidationError(
            {"purchase_order": _("A purchase order number has at most 64 characters.")}
        )
    if membership.organization.purchase_order_required and not purchase_order:
        raise ValidationError(
            {
                "purchase_order": _(
                    "Your organization orders only under a purchase order number."
                )
            }
        )
    return purchase_order


class PhaseChanged(Conflict):
    """The package's lines of the phase differ from the quote's: a new quote and
    its approval order them."""


def _phase_changed(quote: Quote, phase: int) -> bool:
    """Whether the package's lines of the phase (plans and quantities) changed
    since the quote froze them."""
    if quote.package_id is None:
        return False
    quoted = sorted(quote.lines.filter(phase=phase).values_list("plan_id", "quantity"))
    now = sorted(
        PackageLine.objects.filter(
            package_id=quote.package_id, phase=phase
        ).values_list("plan_id", "quantity")
    )
    return quoted != now


def _released_elsewhere(quote: Quote, phase: int) -> Order | None:
    """The order of the same phase of the package under an earlier quote, if it
    stands: a phase is called off once."""
    if quote.package_id is None:
        return None
    return (
        Order.objects.filter(
            quote__package_id=quote.package_id, phase=phase, kind=OrderKind.INITIAL
        )
        .exclude(quote=quote)
        .exclude(status=OrderStatus.CANCELLED)
        .first()
    )


@transaction.atomic
def order_release(
    *,
    membership: Membership,
    quote: Quote,
    phase: int,
    payment_method: str,
    purchase_order: str = "",
) -> Placed:
    """Release one phase of an approved quote (a call-off): an order of only that
    phase's lines, paid on its own, whose lines alone become subscriptions. A phase
    is released once: releasing it again (a double submit, a retried request)
    answers the same order, with `created` False. Its sale units are claimed now.
    After the phase's price hold, `PriceHoldLapsed`: a new quote prices it."""
    quote_own(membership, quote)
    if not membership.can(Capability.ORDER_PLACE):
        raise PermissionDenied(_("Your role does not allow placing orders."))
    if payment_method not in PaymentMethod.values:
        raise ValidationError({"payment_method": _("Pay by card or by invoice.")})
    purchase_order = _purchase_order(membership, purchase_order)
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    existing = Order.objects.filter(
        quote=quote, phase=phase, kind=OrderKind.INITIAL
    ).first()
    if existing is not None:
        return Placed(existing, created=False)
    quote_phase = QuotePhase.objects.filter(quote=quote, number=phase).first()
    if quote_phase is None:
        raise ValidationError(
            {"phase": _("This quote has no phase %(phase)s.") % {"phase": phase}}
        )
    if quote.status not in (QuoteStatus.APPROVED, QuoteStatus.ORDERED):
        raise ValidationError(_("Only an approved quote can be ordered."))
    if quote_phase.hold_lapsed():
        raise PriceHoldLapsed(
            _(
                "The prices of phase %(phase)s held until %(day)s. Ask for a new "
                "quote: it shows today's prices."
            )
            % {
                "phase": phase,
                "day": date_format(
                    timezone.localtime(quote_phase.price_hold_until), "DATE_FORMAT"
                ),
            }
        )
    if _phase_changed(quote, phase):
        raise PhaseChanged(
            _(
                "Phase %(phase)s of the package has changed since this quote. Ask "
                "for a new quote, and have it approved, to order it."
            )
            % {"phase": phase}
        )
    elsewhere = _released_elsewhere(quote, phase)
    if elsewhere is not None:
        raise ValidationError(
            _("Phase %(phase)s was ordered already, under order %(order)s.")
            % {"phase": phase, "order": elsewhere.number}
        )
    _sale_units_claim(quote, phase)
    if quote.status == QuoteStatus.APPROVED:
        quote.move_to(
            QuoteStatus.ORDERED, reason=Reason.QUOTE_ORDERED, by=membership.user
        )
        quote.save(update_fields=["status"])
    now = timezone.now()
    order = Order(
        # Numbered from its id once it has one.
        number=f"new-{quote.pk}-{phase}",
        organization=quote.organization,
        quote=quote,
        phase=phase,
        placed_by=membership.user,
        placed_at=now,
        payment_method=payment_method,
        currency=quote.currency,
        amount=quote_phase.first_charge,
        purchase_order=purchase_order,
        due_on=(
            timezone.localdate(now) + timedelta(days=settings.INVOICE_PAYMENT_DAYS)
            if payment_method == PaymentMethod.INVOICE
            else None
        ),
    )
    order.created_because(
        Reason.ORDER_PLACED,
        by=membership.user,
        note=f"{quote.number} · {quote_phase.name}",
    )
    order.save()
    order.number = order_number(order)
    Order.objects.filter(pk=order.pk).update(number=order.number)
    _first_charges(order, list(quote.lines.filter(phase=phase)))
    ledger_charge(order)
    payment_attempts.payment_start(order=order, by=membership.user)
    return Placed(order, created=True)


def order_place(
    *,
    membership: Membership,
    quote: Quote,
    payment_method: str,
    purchase_order: str = "",
) -> Placed:
    """Order a quote: release its first phase (for a one-phase quote, all of it)."""
    first = QuotePhase.objects.filter(quote=quote).order_by("number").first()
    return order_release(
        membership=membership,
        quote=quote,
        phase=first.number if first else 1,
        payment_method=payment_method,
        purchase_order=purchase_order,
    )


def order_cancel(*, membership: Membership, order: Order) -> Order:
    """Cancel an order before it is paid. A card payment Stripe is already taking
    keeps the order (it is paid, or the buyer waits for the outcome). A renewal or a
    charge for added units is not cancelled: it bills service given (unpaid, it
    suspends what it bills; the buyer ends a subscription by asking to)."""
    orders_allowed(membership, order.organization_id)
    if order.kind != OrderKind.INITIAL:
        raise ValidationError(
            _(
                "A renewal is paid, not cancelled. To stop a subscription, ask to "
                "cancel it or turn its automatic renewal off."
            )
        )
    if order.payment_method == PaymentMethod.CARD:
        payment_attempts.payment_settle_before_cancel(order)
    with transaction.atomic():
        locked = order_lock(order.pk)
        order = locked.order
        if order.status == OrderStatus.CANCELLED:
            return order
        if order.status != OrderStatus.PENDING_PAYMENT:
            raise ValidationError(_("A paid order is refunded, not cancelled."))
        order.move_to(
            OrderStatus.CANCELLED, reason=Reason.ORDER_CANCELLED, by=membership.user
        )
        order.cancelled_at = timezone.now()
        order.save(update_fields=["status", "cancelled_at"])
        payment_attempts.payments_cancel(locked, by=membership.user)
        _sale_units_release(order)
        ledger_cancel(order)
    return order


@transaction.atomic
def order_mark_paid(*, order: Order, user: User) -> Order:
    """Platform finance staff record an invoice or purchase order as paid."""
    finance_require(user, _("Only finance staff mark orders as paid."))
    payment = order.payments.filter(provider="invoice").order_by("pk").first()
    if payment is None:
        raise ValidationError(_("This order is paid by card."))
    return payment_attempts.payment_succeeded(
        payment=payment, amount=payment.amount, by=user
    )


@transaction.atomic
def order_buy_now(
    *, membership: Membership, plan_id: int, quantity: int, payment_method: str
) -> tuple[Quote, Order | None]:
    """ "Buy now" on one plan: a one-line package and quote, approved at once and
    ordered where the organization allows self-approval (and the member may
    approve); otherwise the quote waits for an approver. Where every order needs a
    purchase order number, the approved quote waits for it."""
    plan = Plan.objects.select_related("listing").filter(pk=plan_id).first()
    if plan is None:
        raise ValidationError({"plan": _("This plan is not on the store.")})
    package = package_create(
        membership=membership,
        name=_("Buy now: %(title)s") % {"title": plan.listing.title},
    )
    package_line_add(
        membership=membership, package=package, plan_id=plan.pk, quantity=quantity
    )
    approves_own = membership.organization.allow_self_approval and membership.can(
        Capability.QUOTE_APPROVE
    )
    quote = quote_create(membership=membership, package=package, ask=not approves_own)
    if not approves_own:
        return quote, None
    quote = quote_approve(membership=membership, quote=quote)
    if quote.status != QuoteStatus.APPROVED:
        # Above the organization's amount for a second approval.
        approval_ask(quote)
        return quote, None
    if membership.organization.purchase_order_required:
        # The order waits for its purchase order number, on the quote's page.
        return quote, None
    placed = order_place(
        membership=membership, quote=quote, payment_method=payment_method
    )
    return quote, placed.order
