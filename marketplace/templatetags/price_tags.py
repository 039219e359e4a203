"""`{% load price_tags %}`: a plan's price in words — per what and per period —
and the first-year cost that price sorts and facets compare."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from marketplace.models import Listing, Plan
from marketplace.money import Money
from marketplace.services.pricing import (
    ChargedPrice,
    charged_unit_price,
    first_year_cost,
    from_plan,
    line_price,
)

register = template.Library()


def _from_phrase(unit: str, billing: str) -> str:
    """ "From %(price)s per device per month" and its siblings, whole sentences so
    that each language orders price, unit and period its own way."""
    phrases = {
        ("device", "monthly"): pgettext(
            "price from, per unit and period", "From %(price)s per device per month"
        ),
        ("device", "annual"): pgettext(
            "price from, per unit and period", "From %(price)s per device per year"
        ),
        ("device", "one_time"): pgettext(
            "price from, per unit and period", "From %(price)s per device, once"
        ),
        ("site", "monthly"): pgettext(
            "price from, per unit and period", "From %(price)s per site per month"
        ),
        ("site", "annual"): pgettext(
            "price from, per unit and period", "From %(price)s per site per year"
        ),
        ("site", "one_time"): pgettext(
            "price from, per unit and period", "From %(price)s per site, once"
        ),
        ("user", "monthly"): pgettext(
            "price from, per unit and period", "From %(price)s per user per month"
        ),
        ("user", "annual"): pgettext(
            "price from, per unit and period", "From %(price)s per user per year"
        ),
        ("user", "one_time"): pgettext(
            "price from, per unit and period", "From %(price)s per user, once"
        ),
        ("flat", "monthly"): pgettext(
            "price from, per unit and period", "From %(price)s per month"
        ),
        ("flat", "annual"): pgettext(
            "price from, per unit and period", "From %(price)s per year"
        ),
        ("flat", "one_time"): pgettext(
            "price from, per unit and period", "From %(price)s, once"
        ),
    }
    return phrases.get(
        (unit, billing), pgettext("price from, per unit and period", "From %(price)s")
    )


def _first_year_phrase(unit: str, quantity: int) -> str:
    if unit == "device":
        return ngettext(
            "First year: %(cost)s for %(count)s device",
            "First year: %(cost)s for %(count)s devices",
            quantity,
        )
    if unit == "site":
        return ngettext(
            "First year: %(cost)s for %(count)s site",
            "First year: %(cost)s for %(count)s sites",
            quantity,
        )
    if unit == "user":
        return ngettext(
            "First year: %(cost)s for %(count)s user",
            "First year: %(cost)s for %(count)s users",
            quantity,
        )
    return gettext("First year: %(cost)s")


def charged_at_minimum(plan: Plan) -> ChargedPrice:
    """One unit of the plan as charged now at its minimum quantity."""
    quantity = max(plan.min_quantity, 1)
    return charged_unit_price(line_price(plan, quantity), plan)


def price_html(charged: ChargedPrice) -> SafeString:
    """The unit price charged; the list price struck through before it when it is
    lower, and why."""
    now = str(charged.money(charged.unit_price))
    if not charged.reduced:
        return format_html('<span class="agora-unit-price">{}</span>', now)
    return format_html(
        '<del class="text-base">{}<span class="usa-sr-only"> {}</span></del> '
        '<ins class="agora-sale-price agora-unit-price text-no-underline">{}</ins>',
        str(charged.money(charged.list_price)),
        gettext("(list price)"),
        now,
    )


@register.filter
def lowest_plan(listing: Listing) -> Plan | None:
    """The plan a listing's "from" price stands for (`pricing.from_plan`)."""
    return from_plan(listing.plans.all())


@register.simple_tag
def price_from(plan: Plan) -> SafeString:
    """ "From CNY 5.60 per device per month", the price charged now at the plan's
    minimum quantity (a sale or volume price struck through from the list
    price)."""
    charged = charged_at_minimum(plan)
    phrase = _from_phrase(plan.unit, plan.billing)
    return mark_safe(  # noqa: S308 - the phrase is escaped, the price built safe
        escape(phrase) % {"price": price_html(charged)}
    )


@register.simple_tag
def price_reasons(plan: Plan) -> str:
    """Why the price charged at the minimum quantity is below the list price."""
    charged = charged_at_minimum(plan)
    return pgettext("between the items of a list", ", ").join(
        reason.label for reason in charged.reasons
    )


@register.simple_tag
def first_year(plan: Plan) -> str:
    """ "First year: CNY 672.00 for 10 devices": what price sorts compare."""
    quantity = max(plan.min_quantity, 1)
    return _first_year_phrase(plan.unit, quantity) % {
        "cost": Money(first_year_cost(plan), plan.currency),
        "count": quantity,
    }
