"""A statistics `Table` as people read it: each cell as the page's table shows it,
and as the CSV download holds it. The chart (analytics.charts), the table and the
CSV are all drawn from the same rows, so they cannot disagree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpResponse
from django.utils.translation import gettext as _

from analytics.labels import period_label
from analytics.tables import Column, Grain, Table
from config.spreadsheets import csv_writer
from marketplace.money import Money


def grouped(value: Decimal | int, digits: int = 0) -> str:
    """A number with its thousands grouped and `digits` decimals, as amounts are
    written everywhere in Agora (`Money.major`): "12,345.6"."""
    return f"{Decimal(value):,.{digits}f}"


def duration_text(seconds: int | float | Decimal) -> str:
    total = int(seconds)
    if total < 3600:
        return _("%(minutes)s min") % {"minutes": round(total / 60)}
    if total < 2 * 86400:
        return _("%(hours)s h") % {"hours": grouped(Decimal(total) / 3600, 1)}
    return _("%(days)s d") % {"days": grouped(Decimal(total) / 86400, 1)}


def cell_text(value: Any, column: Column, table: Table, grain: str = "month") -> str:
    """What the table shows in a cell."""
    if value is None:
        return "–"
    if column.kind == "label":
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return period_label(value, cast(Grain, grain))
        return str(value)
    if column.kind == "money":
        return str(Money(int(value), table.currency))
    if column.kind == "percent":
        return _("%(percent)s %%") % {"percent": grouped(Decimal(str(value)), 1)}
    if column.kind == "ratio":
        return grouped(Decimal(str(value)), 1)
    if column.kind == "seconds":
        return duration_text(value)
    return grouped(int(value))


def cell_csv(value: Any, column: Column, table: Table) -> Any:
    """What the CSV holds in a cell: numbers a spreadsheet reads as numbers (money
    in major units, exact, never through a float), dates as ISO dates."""
    if value is None:
        return ""
    if column.kind == "label":
        if isinstance(value, datetime):
            value = value.date()
        return value.isoformat() if isinstance(value, date) else str(value)
    if column.kind == "money":
        return Money(int(value), table.currency).decimal
    if column.kind in ("percent", "ratio"):
        return str(Decimal(str(value)).quantize(Decimal("0.1")))
    return int(value)


def column_heading(column: Column, table: Table) -> str:
    if column.kind == "money" and table.currency:
        return _("%(label)s (%(currency)s)") % {
            "label": column.label,
            "currency": table.currency,
        }
    return column.label


def csv_rows(table: Table) -> Iterator[list[Any]]:
    """The table as CSV rows: the headings, then one row per table row."""
    yield [column_heading(column, table) for column in table.columns]
    for row in table.rows:
        yield [
            cell_csv(value, column, table)
            for value, column in zip(row, table.columns, strict=True)
        ]


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # A byte order mark, so that spreadsheets read Chinese and Japanese as UTF-8.
    response.write("\ufeff")
    csv_writer(response).writerows(csv_rows(table))
    return response


@dataclass(frozen=True)
class HtmlTable:
    headings: list[str]
    # Per row: the label (a row heading), and each other cell as (its column's
    # heading, its text): a stacked table on a narrow screen names each cell.
    rows: list[tuple[str, list[tuple[str, str]]]]


def html_table(table: Table, grain: str = "month") -> HtmlTable:
    headings = [column_heading(column, table) for column in table.columns]
    return HtmlTable(
        headings=headings,
        rows=[
            (
                cell_text(row[0], table.columns[0], table, grain),
                [
                    (heading, cell_text(value, column, table, grain))
                    for heading, value, column in zip(
                        headings[1:], row[1:], table.columns[1:], strict=True
                    )
                ],
            )
            for row in table.rows
        ],
    )
