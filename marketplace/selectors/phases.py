"""Reads of phases: a package's phases with their lines and totals, and a quote's
phases with how far each has come (not released, ordered, paid, provisioned)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import (
    Order,
    OrderKind,
    OrderStatus,
    Quote,
    QuotePhase,
    QuoteStatus,
    Subscription,
    SubscriptionStatus,
)
from marketplace.selectors.packages import PackageSummary, PhaseTotals, PricedLine
from marketplace.services.quotes import phase_name

# Package phases --------------------------------------------------------------------


@dataclass
class PhasePlan:
    """A phase of a package as the buyer plans it: its lines, priced now."""

    number: int
    name: str
    planned_start: date | None
    note: str
    totals: PhaseTotals
    lines: list[PricedLine] = field(default_factory=list)
    # The phase is planned to start before the one before it.
    starts_before_previous: bool = False


def package_phases(summary: PackageSummary) -> list[PhasePlan]:
    """Every phase of the summarized package, in order: those it names, and any
    number only its lines carry so far (as "Phase N"); each with its lines and
    totals."""
    totals = {phase.phase: phase for phase in summary.phases}
    plans: dict[int, PhasePlan] = {
        phase.number: PhasePlan(
            number=phase.number,
            name=phase.name,
            planned_start=phase.planned_start,
            note=phase.note,
            totals=totals.get(phase.number) or PhaseTotals(phase.number),
        )
        # The prefetched phases when a selector loaded them.
        for phase in summary.package.phases.all()
    }
    for item in summary.lines:
        number = item.line.phase
        if number not in plans:
            plans[number] = PhasePlan(
                number=number,
                name=phase_name(number),
                planned_start=None,
                note="",
                totals=totals[number],
            )
        plans[number].lines.append(item)
    ordered = [plans[number] for number in sorted(plans)]
    latest: date | None = None
    for plan in ordered:
        if plan.planned_start is not None:
            plan.starts_before_previous = (
                latest is not None and plan.planned_start < latest
            )
            latest = max(latest or plan.planned_start, plan.planned_start)
    return ordered


# Quote phases ----------------------------------------------------------------------


class PhaseState:
    NOT_RELEASED = "not_released"
    LAPSED = "lapsed"
    ORDERED = "ordered"
    PAID = "paid"
    PROVISIONED = "provisioned"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"

    LABELS = {
        NOT_RELEASED: _("Not released"),
        LAPSED: _("Price hold lapsed — ask for a new quote"),
        ORDERED: _("Ordered, waiting for payment"),
        PAID: _("Paid, being provisioned"),
        PROVISIONED: _("Provisioned"),
        CANCELLED: _("Order cancelled"),
        REFUNDED: _("Refunded"),
    }


# Quotes whose phases can still be released: approved, or ordered in part.
RELEASABLE_QUOTES = frozenset({QuoteStatus.APPROVED, QuoteStatus.ORDERED})


@dataclass
class QuotePhaseState:
    phase: QuotePhase
    state: str
    # The phase's order: released under this quote, or under another quote of the
    # same package (`other_quote`).
    order: Order | None = None
    other_quote: bool = False
    # Whether the phase can be released now (the member's role aside).
    releasable: bool = False

    @property
    def label(self) -> str:
        return str(PhaseState.LABELS[self.state])

    @property
    def number(self) -> int:
        return self.phase.number


def _order_state(order: Order, provisioned: bool) -> str:
    if order.status == OrderStatus.PENDING_PAYMENT:
        return PhaseState.ORDERED
    if order.status == OrderStatus.PAID:
        return PhaseState.PROVISIONED if provisioned else PhaseState.PAID
    if order.status == OrderStatus.REFUNDED:
        return PhaseState.REFUNDED
    return PhaseState.CANCELLED


def _provisioned(orders: Sequence[Order]) -> set[int]:
    """The orders whose every line became a subscription that is active."""
    if not orders:
        return set()
    counts = (
        Subscription.objects.filter(
            order_line__vendor_order__order__in=orders,
            order_line__kind=OrderKind.INITIAL,
        )
        .values(order=F("order_line__vendor_order__order"))
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status=SubscriptionStatus.ACTIVE)),
        )
    )
    lines = dict(
        Order.objects.filter(pk__in=[order.pk for order in orders])
        .annotate(
            lines=Count(
                "vendor_orders__lines",
                filter=Q(vendor_orders__lines__kind=OrderKind.INITIAL),
            )
        )
        .values_list("pk", "lines")
    )
    return {
        row["order"]
        for row in counts
        if row["total"] == row["active"] == lines.get(row["order"])
    }


def _releases(quote: Quote) -> dict[int, tuple[Order, bool]]:
    """Each phase's order, by number: the one released under this quote, or else
    the latest not cancelled under another quote of the package (a phase is
    called off once, whichever quote priced it)."""
    own = Q(quote=quote)
    other = Q(quote__package_id=quote.package_id) & ~Q(status=OrderStatus.CANCELLED)
    scope = own | other if quote.package_id else own
    orders = Order.objects.filter(scope, kind=OrderKind.INITIAL).order_by(
        "placed_at", "pk"
    )
    return _releases_among(quote, list(orders))


def _releases_among(
    quote: Quote, orders: Sequence[Order]
) -> dict[int, tuple[Order, bool]]:
    """`_releases` from candidate orders (initial ones, oldest first): the quote's
    own, and those not cancelled of its package (`package_of` annotated)."""
    releases: dict[int, tuple[Order, bool]] = {}
    for order in orders:
        mine = order.quote_id == quote.pk
        if not mine and not (
            quote.package_id
            and getattr(order, "package_of", quote.package_id) == quote.package_id
            and order.status != OrderStatus.CANCELLED
        ):
            continue
        if mine or not releases.get(order.phase, (None, False))[1]:
            releases[order.phase] = (order, mine)
    return releases


def quote_phase_states(
    quote: Quote, *, at: datetime | None = None
) -> list[QuotePhaseState]:
    """The quote's phases in order, each with its state: not released (or its price
    hold lapsed), ordered, paid or provisioned, and its order."""
    releases = _releases(quote)
    provisioned = _provisioned([order for order, _mine in releases.values()])
    return _phase_states(quote, releases, provisioned, at or timezone.now())


def quotes_phase_states(
    quotes: list[Quote], *, at: datetime | None = None
) -> dict[int, list[QuotePhaseState]]:
    """`quote_phase_states` of each quote, by its id, in a fixed number of queries
    (their `phases` prefetched)."""
    if not quotes:
        return {}
    packages = {quote.package_id for quote in quotes if quote.package_id}
    scope = Q(quote__in=[quote.pk for quote in quotes]) | (
        Q(quote__package_id__in=packages) & ~Q(status=OrderStatus.CANCELLED)
    )
    orders = list(
        Order.objects.filter(scope, kind=OrderKind.INITIAL)
        .annotate(package_of=F("quote__package_id"))
        .order_by("placed_at", "pk")
    )
    provisioned = _provisioned(orders)
    at = at or timezone.now()
    return {
        quote.pk: _phase_states(quote, _releases_among(quote, orders), provisioned, at)
        for quote in quotes
    }


def _phase_states(
    quote: Quote,
    releases: dict[int, tuple[Order, bool]],
    provisioned: set[int],
    at: datetime,
) -> list[QuotePhaseState]:
    states = []
    for phase in quote.phases.all():
        order, mine = releases.get(phase.number, (None, False))
        if order is not None:
            state = _order_state(order, order.pk in provisioned)
        elif phase.hold_lapsed(at):
            state = PhaseState.LAPSED
        else:
            state = PhaseState.NOT_RELEASED
        states.append(
            QuotePhaseState(
                phase=phase,
                state=state,
                order=order,
                other_quote=order is not None and not mine,
                releasable=state == PhaseState.NOT_RELEASED
                and quote.status in RELEASABLE_QUOTES,
            )
        )
    return states
