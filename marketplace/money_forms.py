"""Form fields for amounts of money. People type amounts in major units ("125.00",
"1500" for the yen); forms hand them to services, and take them from models, in
integer minor units of a currency, as everything else keeps money.

`MajorUnitsField` reads one amount, `PriceBreaksField` rows of a quantity and a unit
price; `CurrencyAmountsMixin` turns both into minor units of the form's currency
(a currency field of the form, or a currency given to it), with an error under the
field for an amount the currency cannot hold (too many decimals, over the limit).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.limits import MAX_PRICE, MAX_PRICE_BREAKS
from marketplace.money import (
    MINOR_UNIT_DIGITS,
    Money,
    default_currency,
    major_units,
    minor_units,
)

# "1,250.00": commas only between groups of three digits are thousands separators.
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
# Longer than any amount within the limits: refused before it is read as a number.
_MAX_INPUT_LENGTH = 32


def parse_amount(text: Any) -> Decimal | None:
    """What a person typed as an amount, as a Decimal in major units; None when
    empty. Spaces and thousands separators are allowed; anything else that is not
    a plain decimal number is refused."""
    if text is None:
        return None
    if isinstance(text, Decimal | int):
        return Decimal(text)
    value = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if _GROUPED.match(value):
        value = value.replace(",", "")
    if len(value) > _MAX_INPUT_LENGTH or not re.fullmatch(r"-?\d*\.?\d*", value):
        raise ValidationError(
            _("Enter an amount as a number, e.g. 125.00."), code="invalid"
        )
    try:
        amount = Decimal(value)
    except InvalidOperation as error:
        raise ValidationError(
            _("Enter an amount as a number, e.g. 125.00."), code="invalid"
        ) from error
    if amount < 0:
        raise ValidationError(_("Enter an amount of 0 or more."), code="min_value")
    return amount


def amount_in_minor_units(amount: Decimal, currency: str, *, maximum: int) -> int:
    """An amount in major units as integer minor units of `currency`: refused with a
    clear error when it has more decimals than the currency has, or is above
    `maximum` (minor units)."""
    digits = MINOR_UNIT_DIGITS.get(currency, 2)
    if amount > Decimal(maximum).scaleb(-digits):
        raise ValidationError(
            _("At most %(amount)s.") % {"amount": Money(maximum, currency)},
            code="max_value",
        )
    if amount != amount.quantize(Decimal(1).scaleb(-digits)):
        if digits == 0:
            raise ValidationError(
                _("%(currency)s amounts are whole numbers, without decimals.")
                % {"currency": currency},
                code="decimals",
            )
        raise ValidationError(
            _("%(currency)s amounts have at most %(digits)d decimals.")
            % {"currency": currency, "digits": digits},
            code="decimals",
        )
    return minor_units(amount, currency)


def _row_error(number: int, error: ValidationError) -> ValidationError:
    """What was wrong with a price, said of its row of volume prices."""
    return ValidationError(
        _("Row %(row)d: %(error)s")
        % {"row": number, "error": " ".join(error.messages)},
        code=error.code,
    )


class MajorUnitsField(forms.Field):
    """One amount, typed in major units; cleaned to a Decimal, which
    `CurrencyAmountsMixin` turns into minor units (`to_minor`)."""

    def __init__(self, *, maximum: int = MAX_PRICE, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)
        self.maximum = maximum

    def to_python(self, value: Any) -> Decimal | None:
        return parse_amount(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return parse_amount(initial) != parse_amount(data)
        except ValidationError:
            return True

    def to_major(self, value: Any, currency: str) -> Any:
        return major_units(value, currency) if isinstance(value, int) else value

    def to_minor(self, value: Decimal, currency: str) -> int:
        return amount_in_minor_units(value, currency, maximum=self.maximum)


class PriceBreaksWidget(forms.Widget):
    """Rows of a quantity and a unit price, and a few empty rows to add more. It
    posts `<name>_<row>_quantity` and `<name>_<row>_price`."""

    template_name = "marketplace/widgets/price_breaks.html"
    # Rendered inside a fieldset of its own (accounts.ui).
    renders_group = True
    empty_rows = 2

    def _rows(self, value: Any) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for item in value or []:
            if isinstance(item, dict):
                rows.append(
                    (str(item.get("min_quantity", "")), str(item.get("unit_price", "")))
                )
            else:
                rows.append((str(item[0]), str(item[1])))
        return rows

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows = self._rows(value)
        count = min(
            max(len(rows) + self.empty_rows, 3), max(MAX_PRICE_BREAKS, len(rows))
        )
        rows += [("", "")] * (count - len(rows))
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["rows"] = [
            {
                "number": index + 1,
                "quantity": quantity,
                "price": price,
                "quantity_name": f"{name}_{index}_quantity",
                "price_name": f"{name}_{index}_price",
                "quantity_id": f"{base}_{index}_quantity",
                "price_id": f"{base}_{index}_price",
            }
            for index, (quantity, price) in enumerate(rows)
        ]
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0_quantity" if id_ else id_

    def value_from_datadict(self, data, files, name: str) -> list[tuple[str, str]]:
        rows = []
        for index in range(MAX_PRICE_BREAKS):
            quantity = data.get(f"{name}_{index}_quantity")
            price = data.get(f"{name}_{index}_price")
            if quantity is None and price is None:
                continue
            rows.append((quantity or "", price or ""))
        return rows

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return not any(key.startswith(f"{name}_") for key in data)


class PriceBreaksField(forms.Field):
    """Volume prices as rows (from a quantity on, a unit price in major units);
    cleaned to [{"min_quantity": int, "unit_price": Decimal}], which
    `CurrencyAmountsMixin` turns into the JSON the plan keeps (minor units)."""

    widget = PriceBreaksWidget

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    @staticmethod
    def _filled(value: Any) -> list[tuple[str, str]]:
        rows = []
        for item in value or []:
            if isinstance(item, dict):
                quantity, price = item.get("min_quantity", ""), item.get("unit_price")
            else:
                quantity, price = item
            quantity = str(quantity if quantity is not None else "").strip()
            price = str(price if price is not None else "").strip()
            if quantity or price:
                rows.append((quantity, price))
        return rows

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, str):
            raise ValidationError(_("Give the volume prices as rows."), code="invalid")
        breaks = []
        for number, (quantity, price) in enumerate(self._filled(value), start=1):
            if not quantity or not price:
                raise ValidationError(
                    _("Row %(row)d: give both a quantity and a unit price.")
                    % {"row": number},
                    code="incomplete",
                )
            if not (quantity.isascii() and quantity.isdigit()) or len(quantity) > 9:
                raise ValidationError(
                    _("Row %(row)d: the quantity is a whole number, e.g. 100.")
                    % {"row": number},
                    code="invalid",
                )
            try:
                amount = parse_amount(price)
            except ValidationError as error:
                raise _row_error(number, error) from error
            breaks.append({"min_quantity": int(quantity), "unit_price": amount})
        return breaks

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        def normal(value: Any) -> list[tuple[str, Decimal | str]]:
            rows = []
            for quantity, price in self._filled(value):
                try:
                    rows.append((quantity, parse_amount(price) or ""))
                except ValidationError:
                    rows.append((quantity, price))
            return rows

        return normal(initial) != normal(data)

    def to_major(self, value: Any, currency: str) -> Any:
        if not isinstance(value, list):
            return value
        return [
            {**item, "unit_price": major_units(item["unit_price"], currency)}
            if isinstance(item, dict) and isinstance(item.get("unit_price"), int)
            else item
            for item in value
        ]

    def to_minor(self, value: list[dict[str, Any]], currency: str) -> list[dict]:
        breaks = []
        for number, item in enumerate(value, start=1):
            try:
                price = amount_in_minor_units(
                    item["unit_price"], currency, maximum=MAX_PRICE
                )
            except ValidationError as error:
                raise _row_error(number, error) from error
            breaks.append({"min_quantity": item["min_quantity"], "unit_price": price})
        return breaks


_AMOUNT_FIELDS = (MajorUnitsField, PriceBreaksField)


class CurrencyAmountsMixin:
    """For a form with amount fields. Its initial values and its cleaned data are
    in minor units, as models keep them; people see and type major units of the
    form's currency: the value of its `currency_field`, or the `currency` the
    form is given."""

    currency_field = "currency"

    def __init__(self, *args, currency: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fixed_currency = currency
        shown = self._currency(self.initial)  # type: ignore[attr-defined]
        for name, field in self._amount_fields():
            if self.initial.get(name) is not None:  # type: ignore[attr-defined]
                self.initial[name] = field.to_major(  # type: ignore[attr-defined]
                    self.initial[name],  # type: ignore[attr-defined]
                    shown,
                )

    def _amount_fields(self):
        return [
            (name, field)
            for name, field in self.fields.items()  # type: ignore[attr-defined]
            if isinstance(field, _AMOUNT_FIELDS)
        ]

    def _currency(self, values: dict) -> str:
        if self.fixed_currency:
            return self.fixed_currency
        value = values.get(self.currency_field)
        if not value:
            field = self.fields.get(self.currency_field)  # type: ignore[attr-defined]
            initial = field.initial if field is not None else None
            value = initial() if callable(initial) else initial
        return str(value or default_currency())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        currency = self.fixed_currency or cleaned.get(self.currency_field)
        for name, field in self._amount_fields():
            if cleaned.get(name) is None:
                continue
            if not currency:
                # The currency is missing or wrong; its own error says so.
                del cleaned[name]
                continue
            try:
                cleaned[name] = field.to_minor(cleaned[name], str(currency))
            except ValidationError as error:
                self.add_error(name, error)  # type: ignore[attr-defined]
        return cleaned
