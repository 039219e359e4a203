"""Money is an integer amount in minor units plus an ISO 4217 currency code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan")
    HKD = "HKD", _("Hong Kong dollar")
    SGD = "SGD", _("Singapore dollar")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    JPY = "JPY", _("Japanese yen")


# Minor units per major unit; the yen has none.
MINOR_UNIT_DIGITS = {"JPY": 0}


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int):
            raise TypeError("Money amounts are integers in minor units.")

    @property
    def major(self) -> str:
        """The amount in major units as text, e.g. "1,234.50"."""
        digits = MINOR_UNIT_DIGITS.get(self.currency, 2)
        if digits == 0:
            return f"{self.amount:,}"
        sign = "-" if self.amount < 0 else ""
        whole, fraction = divmod(abs(self.amount), 10**digits)
        return f"{sign}{whole:,}.{fraction:0{digits}d}"

    def as_dict(self) -> dict:
        return {"amount": self.amount, "currency": self.currency}

    def __str__(self) -> str:
        return f"{self.currency} {self.major}"


def minor_units(amount: Decimal, currency: str) -> int:
    """An amount typed in major units, in minor units (half up past the currency's
    digits)."""
    scaled = amount * 10 ** MINOR_UNIT_DIGITS.get(currency, 2)
    return int(scaled.to_integral_value(rounding=ROUND_HALF_UP))


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY
