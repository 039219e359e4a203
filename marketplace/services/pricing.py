"""Every price computation: volume breaks, sales, setup fees and totals.

Amounts are integers in minor units of one currency; nothing here rounds except a
sale's unit price (half up, to the minor unit). Functions take the moment they price
at, so a sale shows until its end time and not a second longer, with no restart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Plan, QuoteLine
from marketplace.models.curation import Promotion
from marketplace.money import Money


class CurrencyMismatch(ValueError):
    """Amounts of different currencies were added together."""


@dataclass(frozen=True)
class Sale:
    """A sale running on a plan at some moment."""

    promotion_id: int
    percent_off: int
    ends_at: datetime
    # Units still at the sale price; None: no limit.
    units_left: int | None = None


@dataclass(frozen=True)
class LinePrice:
    """A quantity of one plan, priced."""

    quantity: int
    currency: str
    billing: str
    # The unit price after volume breaks, before any sale.
    list_unit_price: int
    # The unit price of the units on sale (equal to the list price without a sale).
    sale_unit_price: int
    sale_units: int
    setup_fee: int
    sale: Sale | None = None

    @property
    def discount(self) -> int:
        return (self.list_unit_price - self.sale_unit_price) * self.sale_units

    @property
    def subtotal(self) -> int:
        """The units' price for one billing period (or once, for one-time plans)."""
        return self.list_unit_price * self.quantity - self.discount

    @property
    def one_time(self) -> int:
        """What is paid once: the setup fee, and the units of a one-time plan."""
        units = self.subtotal if self.billing == "one_time" else 0
        return self.setup_fee + units

    @property
    def recurring(self) -> int:
        """What is paid every billing period (0 for one-time plans)."""
        return 0 if self.billing == "one_time" else self.subtotal

    def money(self, amount: int) -> Money:
        return Money(amount, self.currency)


def tax_on(amount: int, rate_basis_points: int) -> int:
    """Tax on an amount, rounded half up to the minor unit."""
    return (amount * rate_basis_points + 5_000) // 10_000


def prorated(amount: int, *, days: int, of_days: int) -> int:
    """`days` out of `of_days` of an amount (a period's price, for the part of the
    period left), rounded half up to the minor unit."""
    if of_days <= 0 or days <= 0:
        return 0
    return (amount * min(days, of_days) * 2 + of_days) // (2 * of_days)


def volume_unit_price(plan: Plan, quantity: int) -> int:
    """The unit price at this quantity: the last volume break it reaches, or the
    plan's unit price."""
    price = plan.unit_price
    for item in plan.price_breaks or []:
        if quantity >= item["min_quantity"]:
            price = item["unit_price"]
    return price


def first_year_cost(plan: Plan) -> int:
    """How plans are compared wherever they are sorted or bucketed by price: what
    the plan costs in its first year at its minimum quantity, at list prices
    (volume prices included, time-limited sales not) — unit price times minimum
    quantity times 12 for a monthly plan, times 1 for an annual or one-time plan, plus
    the setup fee."""
    quantity = max(plan.min_quantity, 1)
    periods = 12 if plan.billing == "monthly" else 1
    return volume_unit_price(plan, quantity) * quantity * periods + plan.setup_fee


def cheapest_plan(plans: Iterable[Plan], currency: str) -> Plan | None:
    """The plan in `currency` with the lowest first-year cost, if any: the plan a
    listing's "from" price and its place in a price sort stand for."""
    priced = [plan for plan in plans if plan.currency == currency]
    return min(priced, key=first_year_cost, default=None)


def from_plan(plans: Iterable[Plan]) -> Plan | None:
    """The plan a listing's "from" price stands for, on its pages, in the API and in
    exports: the lowest first-year cost in the default currency (else in the
    currency of its first plan)."""
    plans = list(plans)
    if not plans:
        return None
    currencies = {plan.currency for plan in plans}
    currency = (
        settings.DEFAULT_CURRENCY
        if settings.DEFAULT_CURRENCY in currencies
        else plans[0].currency
    )
    return cheapest_plan(plans, currency)


def list_price_from(plan: Plan) -> Money:
    """One unit's list price at the plan's minimum quantity (volume prices
    included): the "from" price of the API and of exports."""
    return Money(volume_unit_price(plan, max(plan.min_quantity, 1)), plan.currency)


def discounted(unit_price: int, percent_off: int) -> int:
    """A unit price with a percentage off, rounded half up to the minor unit."""
    if not 0 <= percent_off <= 100:
        raise ValueError("A discount is between 0 and 100 percent.")
    return (unit_price * (100 - percent_off) + 50) // 100


def sale_of(promotion: Promotion) -> Sale:
    return Sale(
        promotion_id=promotion.pk,
        percent_off=promotion.percent_off,
        ends_at=promotion.ends_at,
        units_left=promotion.units_left,
    )


def plan_sale(plan: Plan, *, at: datetime | None = None) -> Sale | None:
    """The sale running on the plan at `at` (now by default), if any. Uses the
    plan's prefetched `running_promotions` when a selector loaded them."""
    at = at or timezone.now()
    promotions = getattr(plan, "running_promotions", None)
    if promotions is None:
        if plan.pk is None:
            return None
        promotions = list(Promotion.objects.running(at).filter(plan=plan))
    for promotion in promotions:
        if promotion.is_running(at):
            return sale_of(promotion)
    return None


def price_line(plan: Plan, quantity: int, sale: Sale | None) -> LinePrice:
    """Price `quantity` units of the plan, with `sale` if one runs."""
    if quantity < 0:
        raise ValueError("A quantity is 0 or more.")
    list_unit = volume_unit_price(plan, quantity)
    sale_unit, sale_units = list_unit, 0
    if sale is not None:
        sale_unit = discounted(list_unit, sale.percent_off)
        sale_units = (
            quantity if sale.units_left is None else min(quantity, sale.units_left)
        )
    return LinePrice(
        quantity=quantity,
        currency=plan.currency,
        billing=plan.billing,
        list_unit_price=list_unit,
        sale_unit_price=sale_unit,
        sale_units=sale_units,
        setup_fee=plan.setup_fee if quantity else 0,
        sale=sale,
    )


def line_price(plan: Plan, quantity: int, *, at: datetime | None = None) -> LinePrice:
    """Price `quantity` units of the plan at `at` (now by default), with the sale
    running then."""
    return price_line(plan, quantity, plan_sale(plan, at=at))


def unit_price_now(
    plan: Plan, *, at: datetime | None = None
) -> tuple[Money, Sale | None]:
    """What one unit costs at `at`: the sale price while a sale runs."""
    price = line_price(plan, max(plan.min_quantity, 1), at=at)
    unit = price.sale_unit_price if price.sale_units else price.list_unit_price
    return Money(unit, plan.currency), price.sale


@dataclass(frozen=True)
class Totals:
    currency: str
    one_time: int = 0
    recurring_monthly: int = 0
    recurring_annual: int = 0
    discount: int = 0

    @property
    def first_year(self) -> int:
        """One-time amounts, twelve months and one year of recurring charges."""
        return self.one_time + 12 * self.recurring_monthly + self.recurring_annual


def totals(lines: Iterable[LinePrice], *, currency: str) -> Totals:
    """The sum of priced lines, which must all be in `currency`."""
    one_time = monthly = annual = discount = 0
    for line in lines:
        if line.currency != currency:
            raise CurrencyMismatch(
                f"A line in {line.currency} cannot be added to a total in {currency}."
            )
        one_time += line.one_time
        discount += line.discount
        if line.billing == "monthly":
            monthly += line.recurring
        elif line.billing == "annual":
            annual += line.recurring
    return Totals(
        currency=currency,
        one_time=one_time,
        recurring_monthly=monthly,
        recurring_annual=annual,
        discount=discount,
    )


class ReasonKind:
    VOLUME = "volume"
    SALE = "sale"


@dataclass(frozen=True)
class PriceReason:
    """Why a unit costs less than the plan's list price."""

    kind: str
    # A volume price: the quantity it starts from.
    min_quantity: int = 0
    # A sale: its percentage off.
    percent_off: int = 0

    @property
    def label(self) -> str:
        if self.kind == ReasonKind.VOLUME:
            return _("volume price from %(quantity)s") % {"quantity": self.min_quantity}
        return _("Select sale −%(percent)s %%") % {"percent": self.percent_off}


@dataclass(frozen=True)
class PricePart:
    """Units of a line charged at one unit price."""

    quantity: int
    unit_price: int

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class ChargedPrice:
    """A line as shown to people: the unit price charged, the list price it is
    reduced from and why, and the units at each price, so that unit price times
    quantity adds up to the line's price. A sale limited to fewer units than the
    line has splits the line into two parts."""

    currency: str
    billing: str
    quantity: int
    # The plan's own unit price, before volume breaks and sales.
    list_price: int
    # What one unit is charged (the units on sale, when some are).
    unit_price: int
    reasons: tuple[PriceReason, ...]
    parts: tuple[PricePart, ...]
    setup_fee: int

    @property
    def reduced(self) -> bool:
        return self.unit_price < self.list_price

    @property
    def on_sale(self) -> bool:
        return any(reason.kind == ReasonKind.SALE for reason in self.reasons)

    @property
    def split(self) -> bool:
        """Some units at one price, the others at another."""
        return len(self.parts) > 1

    @property
    def total(self) -> int:
        """The units' price: the sum of each part's unit price times quantity (the
        setup fee apart)."""
        return sum(part.total for part in self.parts)

    def money(self, amount: int) -> Money:
        return Money(amount, self.currency)


def _volume_break(price_breaks: list | None, *, unit_price: int, quantity: int):
    """The volume break of a plan that gives `unit_price` at `quantity`, if any."""
    for item in reversed(price_breaks or []):
        if quantity >= item["min_quantity"] and item["unit_price"] == unit_price:
            return item
    return None


def _percent_off(list_unit: int, sale_unit: int) -> int:
    """A sale's percentage, recovered from the two unit prices it gave."""
    if list_unit <= 0:
        return 0
    return (200 * (list_unit - sale_unit) + list_unit) // (2 * list_unit)


def charged_unit_price(
    price: LinePrice, plan: Plan | None, *, percent_off: int | None = None
) -> ChargedPrice:
    """The unit price charged for a priced line, the plan's list price and the
    reasons in between (a volume break reached, a sale). `plan` is the line's
    plan as it is now (None once deleted): a volume reason is given only while
    the plan still has the break the line was priced at. `percent_off` names the
    sale's percentage when `price.sale` is not known (a stored quote line)."""
    reasons: list[PriceReason] = []
    list_price = price.list_unit_price
    if plan is not None:
        reached = _volume_break(
            plan.price_breaks,
            unit_price=price.list_unit_price,
            quantity=price.quantity,
        )
        if reached is not None and plan.unit_price > price.list_unit_price:
            list_price = plan.unit_price
            reasons.append(
                PriceReason(ReasonKind.VOLUME, min_quantity=reached["min_quantity"])
            )
    on_sale = price.sale_units > 0 and price.sale_unit_price < price.list_unit_price
    if on_sale:
        if percent_off is None:
            percent_off = (
                price.sale.percent_off
                if price.sale is not None
                else _percent_off(price.list_unit_price, price.sale_unit_price)
            )
        reasons.append(PriceReason(ReasonKind.SALE, percent_off=percent_off))
        parts = [PricePart(price.sale_units, price.sale_unit_price)]
        if price.quantity > price.sale_units:
            parts.append(
                PricePart(price.quantity - price.sale_units, price.list_unit_price)
            )
    else:
        parts = [PricePart(price.quantity, price.list_unit_price)]
    return ChargedPrice(
        currency=price.currency,
        billing=price.billing,
        quantity=price.quantity,
        list_price=list_price,
        unit_price=parts[0].unit_price,
        reasons=tuple(reasons),
        parts=tuple(parts),
        setup_fee=price.setup_fee,
    )


def charged_quote_line(line: QuoteLine, currency: str) -> ChargedPrice:
    """A quote line as it was priced when the quote was made, shown like a line
    priced now."""
    price = LinePrice(
        quantity=line.quantity,
        currency=currency,
        billing=line.billing,
        list_unit_price=line.list_unit_price,
        sale_unit_price=line.sale_unit_price,
        sale_units=line.sale_units,
        setup_fee=line.setup_fee,
    )
    promotion = line.promotion if line.promotion_id else None
    return charged_unit_price(
        price,
        line.plan,
        percent_off=promotion.percent_off if promotion is not None else None,
    )
