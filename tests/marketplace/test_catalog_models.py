"""Single-row invariants of the catalog and of money."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.models import Category, Plan
from marketplace.models.catalog import clean_price_breaks
from marketplace.money import Money


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (68000, "CNY", "CNY 680.00"),
        (1234567, "USD", "USD 12,345.67"),
        (5, "EUR", "EUR 0.05"),
        (-250, "SGD", "SGD -2.50"),
        (1200, "JPY", "JPY 1,200"),
    ],
)
def test_money_shows_major_units(amount, currency, text):
    assert str(Money(amount, currency)) == text


def test_money_refuses_anything_but_whole_minor_units():
    with pytest.raises(TypeError):
        Money(12.5, "CNY")  # type: ignore[arg-type]


def test_price_breaks_are_normalised():
    assert clean_price_breaks(
        [
            {"min_quantity": 100, "unit_price": 9000},
            {"min_quantity": 500, "unit_price": 8000},
        ],
        unit_price=10000,
    ) == [
        {"min_quantity": 100, "unit_price": 9000},
        {"min_quantity": 500, "unit_price": 8000},
    ]
    assert clean_price_breaks(None, unit_price=10000) == []


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        ({"min_quantity": 100}, "list"),
        ([{"min_quantity": 100}], "min_quantity and a unit_price"),
        ([{"min_quantity": 100, "unit_price": 9000.5}], "whole numbers"),
        ([{"min_quantity": 1, "unit_price": 9000}], "quantity of 2 or more"),
        ([{"min_quantity": 100, "unit_price": 12000}], "lower than the plan"),
        (
            [
                {"min_quantity": 500, "unit_price": 8000},
                {"min_quantity": 100, "unit_price": 9000},
            ],
            "larger quantity and a lower price",
        ),
    ],
)
def test_bad_price_breaks_are_refused(breaks, message):
    with pytest.raises(ValidationError, match=message):
        clean_price_breaks(breaks, unit_price=10000)


def test_a_plan_maximum_cannot_be_below_its_minimum():
    plan = Plan(min_quantity=10, max_quantity=5, unit_price=100, price_breaks=[])

    with pytest.raises(ValidationError) as error:
        plan.clean()

    assert "max_quantity" in error.value.message_dict


@pytest.mark.django_db
def test_categories_have_two_levels_at_most():
    section = Category.objects.create(name="Utilities", slug="utilities")
    kind = Category.objects.create(
        name="Smart manholes", slug="manholes", parent=section
    )
    grandchild = Category(name="Too deep", slug="too-deep", parent=kind)

    with pytest.raises(ValidationError, match="two levels"):
        grandchild.clean()
    assert str(kind) == "Utilities › Smart manholes"
