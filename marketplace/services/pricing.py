"""Every price computation: volume breaks, sales, setup fees and totals.

Amounts are integers in minor units of one currency; nothing here rounds except a
sale's unit price (half up, to the minor unit). Functions take the moment they price
at, so a sale shows until its end time and not a second longer, with no restart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from marketplace.models import Plan
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
