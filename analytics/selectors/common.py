"""What the reports share: shares and ratios, a category with the kinds under it,
and sums per period of per-day figures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from analytics.tables import Filters, Grain
from marketplace.models import Category


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def category_ids(category_id: int | None) -> list[int] | None:
    """A category and the kinds of solution under it (a section holds some)."""
    if category_id is None:
        return None
    return [
        category_id,
        *Category.objects.filter(parent_id=category_id).values_list("pk", flat=True),
    ]


def period_start(day: date, grain: Grain) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def periods(f: Filters) -> list[date]:
    """The first day of every period from `f.start` to `f.end`."""
    found: list[date] = []
    current = period_start(f.start, f.grain)
    while current <= f.end and len(found) < 5000:
        found.append(current)
        if f.grain == "day":
            current += timedelta(days=1)
        elif f.grain == "week":
            current += timedelta(days=7)
        else:
            current = next_month(current)
    return found


def by_period(
    f: Filters, rows: Iterable[tuple[date, tuple[int, ...]]], width: int
) -> dict[date, list[int]]:
    """Sums per period of per-day figures; every period of the filters is there."""
    sums: dict[date, list[int]] = {start: [0] * width for start in periods(f)}
    for day, figures in rows:
        bucket = sums.setdefault(period_start(day, f.grain), [0] * width)
        for index, figure in enumerate(figures):
            bucket[index] += figure or 0
    return sums
