"""Price ranges of order lines: what a line charged (before tax), in decades of the
currency's major unit — under 100, 100 to 1,000, … , 1,000,000 and more — so the
bands read the same in every currency."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from marketplace.money import MINOR_UNIT_DIGITS, Currency, Money

# Lower bounds of the bands in major units; band n is [BOUNDS[n], BOUNDS[n + 1]).
BOUNDS = (0, 100, 1_000, 10_000, 100_000, 1_000_000)


def band_of(amount: int, currency: str) -> int:
    """The band of a line that charged `amount` minor units."""
    major = amount // 10 ** MINOR_UNIT_DIGITS.get(currency, 2)
    band = 0
    for index, bound in enumerate(BOUNDS):
        if major >= bound:
            band = index
    return band


def band_expression(amount: str, currency: str) -> Case:
    """`band_of` in SQL: the band of the `amount` field, whose currency is the
    `currency` field (one `When` per currency and band)."""
    whens = []
    for code in Currency.values:
        scale = 10 ** MINOR_UNIT_DIGITS.get(code, 2)
        for index in range(len(BOUNDS) - 1, 0, -1):
            whens.append(
                When(
                    Q(**{currency: code})
                    & Q(**{f"{amount}__gte": BOUNDS[index] * scale}),
                    then=Value(index),
                )
            )
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _major(amount: int, currency: str) -> str:
    """A whole number of major units, grouped: "1,000"."""
    digits = MINOR_UNIT_DIGITS.get(currency, 2)
    return Money(amount * 10**digits, currency).major.split(".")[0]


def band_label(band: int, currency: str) -> str:
    """A band as people read it, e.g. "CNY 1,000 to 10,000" (with an en dash);
    the first and last bands are open."""
    if band <= 0:
        return _("under %(currency)s %(amount)s") % {
            "currency": currency,
            "amount": _major(BOUNDS[1], currency),
        }
    if band >= len(BOUNDS) - 1:
        return _("%(currency)s %(amount)s and more") % {
            "currency": currency,
            "amount": _major(BOUNDS[-1], currency),
        }
    return _("%(currency)s %(low)s – %(high)s") % {
        "currency": currency,
        "low": _major(BOUNDS[band], currency),
        "high": _major(BOUNDS[band + 1], currency),
    }
