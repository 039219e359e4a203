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
        return self._major(grouped=True)

    @property
    def decimal(self) -> str:
        """The amount in major units without grouping, e.g. "1234.50": what a
        spreadsheet or another program reads."""
        return self._major(grouped=False)

    def _major(self, *, grouped: bool) -> str:
        digits = MINOR_UNIT_DIGITS.get(self.currency, 2)
        sign = "-" if self.amount < 0 else ""
        whole, fraction = divmod(abs(self.amount), 10**digits)
        text = f"{whole:,}" if grouped else str(whole)
        return f"{sign}{text}.{fraction:0{digits}d}" if digits else f"{sign}{text}"

    def as_dict(self) -> dict:
        return {"amount": self.amount, "currency": self.currency}

    def __str__(self) -> str:
        return f"{self.currency} {self.major}"


def percent_of_basis_points(rate: int) -> str:
    """A rate in basis points as a percentage with two decimals: 1300 → "13.00"."""
    sign = "-" if rate < 0 else ""
    whole, hundredths = divmod(abs(rate), 100)
    return f"{sign}{whole}.{hundredths:02d}"


def minor_units(amount: Decimal, currency: str) -> int:
    """An amount typed in major units, in minor units (half up past the currency's
    digits)."""
    scaled = amount * 10 ** MINOR_UNIT_DIGITS.get(currency, 2)
    return int(scaled.to_integral_value(rounding=ROUND_HALF_UP))


def major_units(amount: int, currency: str) -> Decimal:
    """An amount in minor units as an exact decimal in major units: 123450 CNY is
    Decimal("1234.50"), 1234 JPY is Decimal("1234")."""
    return Decimal(amount).scaleb(-MINOR_UNIT_DIGITS.get(currency, 2))


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY
