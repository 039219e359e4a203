"""Property-based tests of the pricing core (`marketplace.services.pricing`).

Plans are built in memory and never saved, so these tests need no database. Each
test states one thing a buyer would notice if it broke: a sale that raises a price,
a volume break that costs more, a setup fee charged twice, totals that do not add
up, or amounts of two currencies added together.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from marketplace.models import Plan
from marketplace.models.catalog import BillingPeriod, clean_price_breaks
from marketplace.money import Currency, Money
from marketplace.services.pricing import (
    CurrencyMismatch,
    LinePrice,
    Sale,
    Totals,
    discounted,
    price_line,
    totals,
    volume_unit_price,
)

MAX_PRICE = 10**9
MAX_QUANTITY = 10**5
MAX_BREAKS = 5

PROPERTY = settings(max_examples=200, deadline=None)
# Lists of priced plans are slower to draw; fewer examples keep the file quick.
LINES_PROPERTY = settings(max_examples=100, deadline=None)

prices = st.integers(min_value=0, max_value=MAX_PRICE)
quantities = st.integers(min_value=0, max_value=MAX_QUANTITY)
currencies = st.sampled_from(Currency.values)
billings = st.sampled_from(BillingPeriod.values)
percents = st.integers(min_value=0, max_value=100)


@st.composite
def price_breaks(draw, unit_price: int) -> list[dict[str, int]]:
    """Valid volume breaks: quantities strictly rising from 2, unit prices strictly
    falling and below the plan's unit price, all 0 or more."""
    count = draw(st.integers(min_value=0, max_value=min(MAX_BREAKS, unit_price)))
    if count == 0:
        return []
    break_prices = draw(
        st.lists(
            st.integers(min_value=0, max_value=unit_price - 1),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    break_quantities = draw(
        st.lists(
            st.integers(min_value=2, max_value=MAX_QUANTITY),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    breaks = [
        {"min_quantity": quantity, "unit_price": price}
        for quantity, price in zip(
            sorted(break_quantities), sorted(break_prices, reverse=True), strict=True
        )
    ]
    # The model's own validation must accept them unchanged.
    assert clean_price_breaks(breaks, unit_price=unit_price) == breaks
    return breaks


@st.composite
def plans(draw, currency: str | None = None, billing: str | None = None) -> Plan:
    """An unsaved plan with valid prices and volume breaks."""
    unit_price = draw(prices)
    return Plan(
        code="STD",
        name="Standard",
        billing=billing if billing is not None else draw(billings),
        unit="device",
        currency=currency if currency is not None else draw(currencies),
        unit_price=unit_price,
        setup_fee=draw(prices),
        price_breaks=draw(price_breaks(unit_price)),
    )


sales = st.builds(
    Sale,
    promotion_id=st.just(1),
    percent_off=st.integers(min_value=1, max_value=90),
    ends_at=st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2040, 1, 1),
        timezones=st.just(UTC),
    ),
    units_left=st.none() | st.integers(min_value=0, max_value=MAX_QUANTITY),
)
maybe_sales = st.none() | sales


@st.composite
def priced_lines(draw, currency: str, max_size: int = 6) -> list[LinePrice]:
    """Priced lines of plans all in `currency`, with or without sales."""
    return draw(
        st.lists(
            st.builds(price_line, plans(currency=currency), quantities, maybe_sales),
            max_size=max_size,
        )
    )


# Sale unit price and rounding.


@PROPERTY
@given(unit_price=prices, percent_off=percents)
def test_sale_unit_price_is_between_zero_and_the_list_price(unit_price, percent_off):
    assert 0 <= discounted(unit_price, percent_off) <= unit_price


@PROPERTY
@given(unit_price=prices)
def test_zero_percent_off_changes_nothing(unit_price):
    assert discounted(unit_price, 0) == unit_price


@PROPERTY
@given(plan=plans(), quantity=quantities, units_left=st.none() | quantities)
def test_a_zero_percent_sale_charges_the_same_as_no_sale(plan, quantity, units_left):
    sale = Sale(
        promotion_id=1,
        percent_off=0,
        ends_at=datetime(2030, 1, 1, tzinfo=UTC),
        units_left=units_left,
    )
    with_sale = price_line(plan, quantity, sale)
    without = price_line(plan, quantity, None)
    assert with_sale.sale_unit_price == without.list_unit_price
    assert with_sale.discount == 0
    assert with_sale.subtotal == without.subtotal
    assert with_sale.one_time == without.one_time
    assert with_sale.recurring == without.recurring


@PROPERTY
@given(unit_price=prices, percent_off=percents)
@example(unit_price=5, percent_off=50)  # 2.5 -> 3
@example(unit_price=1, percent_off=50)  # 0.5 -> 1
@example(unit_price=3, percent_off=50)  # 1.5 -> 2
@example(unit_price=1, percent_off=51)  # 0.49 -> 0
@example(unit_price=12500, percent_off=33)  # 8375 exactly
def test_discounted_rounds_half_up_to_the_minor_unit(unit_price, percent_off):
    exact = Fraction(unit_price * (100 - percent_off), 100)
    expected = math.floor(exact + Fraction(1, 2))
    assert discounted(unit_price, percent_off) == expected
    assert abs(discounted(unit_price, percent_off) - exact) <= Fraction(1, 2)


@PROPERTY
@given(
    unit_price=prices,
    percent_off=st.integers(max_value=-1) | st.integers(min_value=101),
)
def test_discounted_refuses_a_percent_outside_0_to_100(unit_price, percent_off):
    with pytest.raises(ValueError):
        discounted(unit_price, percent_off)


# Units on sale, discount and subtotal.


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=sales)
def test_units_on_sale_never_exceed_quantity_nor_units_left(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert 0 <= line.sale_units <= quantity
    if sale.units_left is not None:
        assert line.sale_units <= sale.units_left
        assert line.sale_units == min(quantity, sale.units_left)
    else:
        assert line.sale_units == quantity


@PROPERTY
@given(plan=plans(), quantity=quantities)
def test_without_a_sale_no_unit_is_on_sale(plan, quantity):
    line = price_line(plan, quantity, None)
    assert line.sale_units == 0
    assert line.sale_unit_price == line.list_unit_price
    assert line.discount == 0
    assert line.sale is None


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=maybe_sales)
def test_discount_is_the_unit_saving_times_units_on_sale(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    expected = (line.list_unit_price - line.sale_unit_price) * line.sale_units
    assert line.discount == expected
    assert line.discount >= 0


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=maybe_sales)
def test_subtotal_is_list_price_times_quantity_less_discount(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.subtotal == line.list_unit_price * quantity - line.discount
    # Equivalently: full price for units off sale, sale price for units on it.
    assert line.subtotal == (
        line.list_unit_price * (quantity - line.sale_units)
        + line.sale_unit_price * line.sale_units
    )


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=maybe_sales)
def test_subtotal_is_never_negative(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.subtotal >= 0
    assert line.one_time >= 0
    assert line.recurring >= 0


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=sales)
def test_a_sale_never_makes_a_line_dearer(plan, quantity, sale):
    with_sale = price_line(plan, quantity, sale)
    without = price_line(plan, quantity, None)
    assert with_sale.list_unit_price == without.list_unit_price
    assert with_sale.sale_unit_price <= without.list_unit_price
    assert with_sale.subtotal <= without.subtotal
    assert with_sale.one_time <= without.one_time
    assert with_sale.recurring <= without.recurring
    assert with_sale.setup_fee == without.setup_fee


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=sales)
def test_sale_unit_price_is_between_zero_and_the_volume_price(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert 0 <= line.sale_unit_price <= line.list_unit_price
    assert line.sale_unit_price == discounted(line.list_unit_price, sale.percent_off)


# Volume breaks.


@PROPERTY
@given(plan=plans(), first=quantities, second=quantities)
def test_volume_unit_price_never_rises_with_quantity(plan, first, second):
    fewer, more = sorted((first, second))
    assert volume_unit_price(plan, more) <= volume_unit_price(plan, fewer)


@PROPERTY
@given(plan=plans(), data=st.data())
def test_volume_unit_price_is_the_plan_price_below_the_first_break(plan, data):
    breaks = plan.price_breaks
    below = breaks[0]["min_quantity"] - 1 if breaks else MAX_QUANTITY
    quantity = data.draw(st.integers(min_value=0, max_value=below))
    assert volume_unit_price(plan, quantity) == plan.unit_price
    assert price_line(plan, quantity, None).list_unit_price == plan.unit_price


@PROPERTY
@given(plan=plans(), data=st.data())
def test_volume_unit_price_is_the_last_break_reached(plan, data):
    quantity = data.draw(quantities)
    reached = [b for b in plan.price_breaks if b["min_quantity"] <= quantity]
    expected = reached[-1]["unit_price"] if reached else plan.unit_price
    assert volume_unit_price(plan, quantity) == expected
    for item in plan.price_breaks:
        # Exactly at a break's quantity, that break's price applies.
        assert volume_unit_price(plan, item["min_quantity"]) == item["unit_price"]


@PROPERTY
@given(plan=plans())
def test_volume_unit_price_never_exceeds_the_plan_price(plan):
    for item in plan.price_breaks:
        for quantity in (item["min_quantity"] - 1, item["min_quantity"]):
            assert 0 <= volume_unit_price(plan, quantity) <= plan.unit_price


# Setup fee and billing.


@PROPERTY
@given(
    plan=plans(),
    quantity=st.integers(min_value=1, max_value=MAX_QUANTITY),
    sale=maybe_sales,
)
def test_setup_fee_is_charged_once_per_line_with_units(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.setup_fee == plan.setup_fee
    # Once: it is in the one-time amount and nowhere else.
    units_once = line.subtotal if plan.billing == "one_time" else 0
    assert line.one_time == plan.setup_fee + units_once


@PROPERTY
@given(plan=plans(), sale=maybe_sales)
def test_an_empty_line_costs_nothing_not_even_the_setup_fee(plan, sale):
    line = price_line(plan, 0, sale)
    assert line.setup_fee == 0
    assert line.subtotal == 0
    assert line.one_time == 0
    assert line.recurring == 0
    assert line.discount == 0


@PROPERTY
@given(plan=plans(billing="one_time"), quantity=quantities, sale=maybe_sales)
def test_a_one_time_plan_is_paid_once_and_never_recurs(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.recurring == 0
    assert line.one_time == line.setup_fee + line.subtotal


@PROPERTY
@given(
    plan=st.sampled_from(["monthly", "annual"]).flatmap(
        lambda billing: plans(billing=billing)
    ),
    quantity=quantities,
    sale=maybe_sales,
)
def test_a_recurring_plan_pays_only_the_setup_fee_once(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.one_time == line.setup_fee
    assert line.recurring == line.subtotal


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=maybe_sales)
def test_one_time_and_recurring_partition_the_line(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.one_time + line.recurring == line.setup_fee + line.subtotal


# Types and currency.


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=maybe_sales)
def test_every_line_amount_is_an_int(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    amounts = [
        line.quantity,
        line.list_unit_price,
        line.sale_unit_price,
        line.sale_units,
        line.setup_fee,
        line.discount,
        line.subtotal,
        line.one_time,
        line.recurring,
    ]
    for amount in amounts:
        assert type(amount) is int
        # Money refuses anything but whole minor units.
        assert line.money(amount).amount == amount


@PROPERTY
@given(plan=plans(), quantity=quantities, sale=maybe_sales)
def test_a_line_is_in_the_plan_currency(plan, quantity, sale):
    line = price_line(plan, quantity, sale)
    assert line.currency == plan.currency
    assert line.billing == plan.billing
    assert line.money(line.subtotal) == Money(line.subtotal, plan.currency)


@PROPERTY
@given(plan=plans(), quantity=st.integers(min_value=-MAX_QUANTITY, max_value=-1))
def test_price_line_refuses_a_negative_quantity(plan, quantity):
    with pytest.raises(ValueError):
        price_line(plan, quantity, None)


# Totals.


@st.composite
def currency_and_lines(draw) -> tuple[str, list[LinePrice]]:
    currency = draw(currencies)
    return currency, draw(priced_lines(currency))


@LINES_PROPERTY
@given(currency_and_lines())
def test_totals_are_the_sum_of_the_lines(currency_lines):
    currency, lines = currency_lines
    total = totals(lines, currency=currency)
    assert total.currency == currency
    assert total.one_time == sum(line.one_time for line in lines)
    assert total.recurring_monthly == sum(
        line.recurring for line in lines if line.billing == "monthly"
    )
    assert total.recurring_annual == sum(
        line.recurring for line in lines if line.billing == "annual"
    )
    assert total.discount == sum(line.discount for line in lines)
    # Nothing a buyer pays is lost or counted twice.
    assert total.one_time + total.recurring_monthly + total.recurring_annual == sum(
        line.setup_fee + line.subtotal for line in lines
    )


@LINES_PROPERTY
@given(currency_and_lines())
def test_totals_amounts_are_ints(currency_lines):
    currency, lines = currency_lines
    total = totals(lines, currency=currency)
    for amount in (
        total.one_time,
        total.recurring_monthly,
        total.recurring_annual,
        total.discount,
        total.first_year,
    ):
        assert type(amount) is int
        assert amount >= 0


@LINES_PROPERTY
@given(currency_and_lines(), st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_line_order(currency_lines, random):
    currency, lines = currency_lines
    shuffled = list(lines)
    random.shuffle(shuffled)
    assert totals(shuffled, currency=currency) == totals(lines, currency=currency)
    assert totals(reversed(lines), currency=currency) == totals(
        lines, currency=currency
    )


@LINES_PROPERTY
@given(currency_and_lines())
def test_first_year_is_one_time_plus_twelve_months_plus_one_year(currency_lines):
    currency, lines = currency_lines
    total = totals(lines, currency=currency)
    assert total.first_year == (
        total.one_time + 12 * total.recurring_monthly + total.recurring_annual
    )
    assert total.first_year == sum(
        line.one_time
        + {"one_time": 0, "monthly": 12, "annual": 1}[line.billing] * line.recurring
        for line in lines
    )


@PROPERTY
@given(
    currency=currencies,
    one_time=prices,
    monthly=prices,
    annual=prices,
    discount=prices,
)
def test_first_year_of_any_totals(currency, one_time, monthly, annual, discount):
    total = Totals(
        currency=currency,
        one_time=one_time,
        recurring_monthly=monthly,
        recurring_annual=annual,
        discount=discount,
    )
    assert total.first_year == one_time + 12 * monthly + annual


@PROPERTY
@given(currency=currencies)
def test_totals_of_no_lines_are_zero(currency):
    assert totals([], currency=currency) == Totals(currency=currency)
    assert Totals(currency=currency).first_year == 0


@LINES_PROPERTY
@given(data=st.data())
def test_totals_refuse_a_line_in_another_currency(data):
    currency = data.draw(currencies)
    other = data.draw(currencies.filter(lambda code: code != currency))
    lines = data.draw(priced_lines(currency, max_size=4))
    stranger = price_line(
        data.draw(plans(currency=other)), data.draw(quantities), data.draw(maybe_sales)
    )
    position = data.draw(st.integers(min_value=0, max_value=len(lines)))
    lines.insert(position, stranger)
    with pytest.raises(CurrencyMismatch):
        totals(lines, currency=currency)
