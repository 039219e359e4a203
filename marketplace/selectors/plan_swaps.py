"""The plans a package line may be swapped for, closest first: plans of other
vendors' listings of the same kind, those billed the same way and per the same
unit first (then the few others nearest in first-year cost), each with a short
reason ("same kind, monthly per device, 8 % cheaper"). The closest is the one
preselected."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import PackageLine, Plan
from marketplace.money import Money
from marketplace.selectors.packages import comparable_plans
from marketplace.services.pricing import LinePrice, line_price

# The others (billed otherwise or per another unit) offered at most: the nearest in
# first-year cost. The alike ones are all offered.
OTHERS_SHOWN = 5

BILLING_PHRASES = {
    "monthly": gettext_lazy("monthly"),
    "annual": gettext_lazy("annual"),
    "one_time": gettext_lazy("one-time"),
}


@dataclass(frozen=True)
class PlanSwap:
    """A plan to swap the line for, priced at the line's quantity now."""

    plan: Plan
    price: LinePrice
    # Billed the same way and per the same unit as the line's plan.
    alike: bool
    reason: str
    closest: bool = False

    @property
    def unit_price(self) -> Money:
        """What one unit is charged at the line's quantity (volume price, sale)."""
        price = self.price
        unit = price.sale_unit_price if price.sale_units else price.list_unit_price
        return Money(unit, price.currency)


@dataclass(frozen=True)
class SwapChoices:
    """A line's swaps: those alike (same billing and unit) and the others."""

    alike: list[PlanSwap]
    others: list[PlanSwap]

    @property
    def closest(self) -> PlanSwap | None:
        return next((swap for swap in self.alike + self.others if swap.closest), None)

    def __bool__(self) -> bool:
        return bool(self.alike or self.others)


def first_year(price: LinePrice) -> int:
    """One-time amounts and a year of the recurring ones."""
    periods = {"monthly": 12, "annual": 1}.get(price.billing, 0)
    return price.one_time + periods * price.recurring


def _percent(amount: int, base: int) -> int:
    """The difference between amount and base, as a whole percentage of base
    (rounded half up)."""
    return (abs(amount - base) * 100 + base // 2) // base if base else 0


def _price_phrase(amount: int, base: int, *, first_year: bool) -> str:
    percent = _percent(amount, base)
    if amount == base or (base and percent == 0):
        return _("first year about the same") if first_year else _("about the same")
    if amount < base:
        if first_year:
            return _("first year %(percent)s %% cheaper") % {"percent": percent}
        return _("%(percent)s %% cheaper") % {"percent": percent}
    if first_year:
        return _("first year %(percent)s %% dearer") % {"percent": percent}
    return _("%(percent)s %% dearer") % {"percent": percent}


def _terms(plan: Plan) -> str:
    return _("%(billing)s %(unit)s") % {
        "billing": BILLING_PHRASES.get(plan.billing, plan.get_billing_display()),
        "unit": plan.get_unit_display(),
    }


def plan_swaps(line: PackageLine) -> SwapChoices:
    """The line's comparable plans (`comparable_plans`), closest first. Alike plans
    (same billing and unit) are ranked by their charge for the line's units over
    one billing period; the others by their first-year cost for them. Both the line
    and each plan are priced now, at the line's quantity (which a swap keeps)."""
    current = line.plan
    quantity = max(line.quantity, 1)
    now_price = line_price(current, quantity)
    ranked: list[tuple[bool, int, str, PlanSwap]] = []
    for plan in comparable_plans(line):
        price = line_price(plan, quantity)
        alike = plan.billing == current.billing and plan.unit == current.unit
        if alike:
            amount, base = price.subtotal, now_price.subtotal
        else:
            amount, base = first_year(price), first_year(now_price)
        reason = _("same kind, %(terms)s, %(price)s") % {
            "terms": _terms(plan),
            "price": _price_phrase(amount, base, first_year=not alike),
        }
        ranked.append(
            (
                not alike,
                abs(amount - base),
                plan.listing.title,
                PlanSwap(plan=plan, price=price, alike=alike, reason=reason),
            )
        )
    ranked.sort(key=lambda item: (item[0], item[1], item[2], item[3].plan.pk))
    swaps = [item[3] for item in ranked]
    if swaps:
        swaps[0] = replace(swaps[0], closest=True)
    return SwapChoices(
        alike=[swap for swap in swaps if swap.alike],
        others=[swap for swap in swaps if not swap.alike][:OTHERS_SHOWN],
    )
