"""What every statistics report returns: one table of figures. The chart, the
accessible table beside it and the CSV download are all drawn from the same
`Table`, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# label: a period, a region, a category …; count: a whole number; money: integer
# minor units of `Table.currency`; percent: a share from 0 to 100 (a Decimal with
# one decimal, or None when there is nothing to divide by); ratio: a Decimal with
# one decimal (units per line), or None; seconds: a duration (whole seconds, or
# None when nothing was measured).
Kind = Literal["label", "count", "money", "percent", "ratio", "seconds"]
Grain = Literal["day", "week", "month"]


@dataclass(frozen=True)
class Filters:
    """What a statistics page is asked for. `end` is included."""

    start: date
    end: date
    grain: Grain = "month"
    # "" means the currency with the most sales in the period.
    currency: str = ""
    # The buyer organization's country or region (ISO 3166 code); "" for all.
    region: str = ""
    category_id: int | None = None
    vendor_id: int | None = None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = "count"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...] = ()
    currency: str = ""
    # The column the chart draws against the first (label) column; the others are
    # in the table and the CSV.
    chart: tuple[str, ...] = field(default=())

    def column(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)
