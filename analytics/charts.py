"""A `Table` as a chart, and each report of a statistics page: its chart, the
table of its numbers (analytics.cells) and its CSV link, all from the same rows
(docs/statistics.md says why charts are drawn here).

The charts are SVG drawn on the server: no script, no canvas, nothing the
Content-Security-Policy has to allow. Their geometry is in percent of the width
where it can be (bars, columns, tick positions), so a chart fills any screen or
page while its text keeps the size of the text around it; the text is the page's
own, in the page's fonts, so Chinese and Japanese labels read as well as English.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Literal

from django.utils.translation import gettext as _

from analytics.cells import HtmlTable, cell_text, column_heading, grouped, html_table
from analytics.tables import Column, Table
from marketplace.money import Money, major_units

Shape = Literal["columns", "bars"]

# Bars (one row per label): the label and the value on one line, the bar under it.
BAR_ROW = 40
BAR_TOP = 20
BAR_HEIGHT = 14
# Columns (one per period): the plot's height, with room above for the top
# gridline's label and below for the periods.
PLOT_TOP = 22
PLOT_HEIGHT = 180
COLUMNS_HEIGHT = PLOT_TOP + PLOT_HEIGHT + 30
# How many periods are named under the columns follows from how long their names
# are: as many as fit in WIDE pixels, and of those the ones that fit in NARROW
# stay on a narrow screen (the stylesheet hides the "minor" others there).
WIDE = 540
NARROW = 280
# How wide a label may be in the chart, in half-width characters (a Chinese or
# Japanese character counts two): the table beside the chart has it in full.
LABEL_WIDTH = 28
# The most bars a chart draws (the first rows: the reports put the largest first);
# the table has every row.
MAX_BARS = 20


# Charts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One bar or column: its label and value as text, and where it is drawn."""

    label: str
    text: str
    # Across the chart, in percent of its width.
    x: float
    width: float
    # Down the chart, in pixels.
    y: float
    height: float
    negative: bool = False


@dataclass(frozen=True)
class Tick:
    text: str
    x: float  # percent
    anchor: str
    minor: bool


@dataclass(frozen=True)
class Gridline:
    text: str
    y: float


@dataclass(frozen=True)
class Panel:
    """One chart: the first column of the table against one of its numbers."""

    shape: Shape
    title: str
    description: str
    height: int
    marks: list[Mark]
    ticks: list[Tick]
    gridlines: list[Gridline]
    baseline: float  # px (columns) or percent (bars) where zero is


def _scalar(value: Any, column: Column, table: Table) -> Decimal:
    if value is None:
        return Decimal(0)
    if column.kind == "money":
        return major_units(int(value), table.currency)
    return Decimal(str(value))


def _nice_step(span: Decimal, steps: int = 4) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten) that cuts `span` in about
    `steps`."""
    if span <= 0:
        return Decimal(1)
    raw = span / steps
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _short_number(value: Decimal) -> str:
    return grouped(value, 0 if value == value.to_integral_value() else 1)


def _clip(text: str, width: int = LABEL_WIDTH) -> str:
    used = 0
    for index, character in enumerate(text):
        used += 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if used > width:
            return text[:index].rstrip() + "…"
    return text


def _text_width(text: str) -> int:
    """About how wide `text` is in pixels at the charts' small size (12px)."""
    return sum(
        12 if unicodedata.east_asian_width(character) in "WF" else 7
        for character in text
    )


def _ticks(labels: list[str]) -> list[Tick]:
    """The periods named under the columns: evenly spread, the first and the last
    always, as many as their names leave room for."""
    count = len(labels)
    if not count:
        return []
    room = max(_text_width(label) for label in labels) + 16
    wide = max(2, min(count, WIDE // room))
    narrow = max(2, min(wide, NARROW // room))
    if count == 1:
        positions = [0]
    else:
        positions = sorted({round(k * (count - 1) / (wide - 1)) for k in range(wide)})
    # On a narrow screen: `narrow` of these, evenly spread, the first and last too.
    kept = {
        positions[round(j * (len(positions) - 1) / (narrow - 1))] for j in range(narrow)
    }
    slot = 100 / count
    ticks = []
    for position in positions:
        centre, anchor = position * slot + slot / 2, "middle"
        if count > 1 and position == 0:
            centre, anchor = 0.0, "start"
        elif count > 1 and position == count - 1:
            centre, anchor = 100.0, "end"
        ticks.append(
            Tick(
                text=labels[position],
                x=centre,
                anchor=anchor,
                minor=position not in kept,
            )
        )
    return ticks


def _mark_text(value: Any, column: Column, table: Table) -> str:
    if column.kind == "money" and value is not None:
        # Whole major units, grouped as in the table: cents do not change how a
        # bar reads.
        major = Money(int(value), table.currency).major.split(".")[0]
        return f"{table.currency} {major}"
    return cell_text(value, column, table)


def _description(
    table: Table, column: Column, shape: Shape, shown: int | None = None
) -> str:
    names = {"measure": column_heading(column, table), "label": table.columns[0].label}
    if shape == "columns":
        text = _("Column chart of %(measure)s by %(label)s, one column per period.")
    elif shown is not None and shown < len(table.rows):
        text = _("Bar chart of %(measure)s by %(label)s, the first %(shown)s rows.")
        names["shown"] = str(shown)
    else:
        text = _("Bar chart of %(measure)s by %(label)s.")
    return " ".join(
        [
            text % names,
            _("The same numbers are in the table “%(table)s”.")
            % {"table": table.title},
        ]
    )


def chart_panels(table: Table, shape: Shape, grain: str = "month") -> list[Panel]:
    """The table's chart: one panel per column named in `Table.chart`, each with a
    scale of its own (no second axis to misread)."""
    panels = []
    for key in table.chart:
        index = table.column(key)
        column = table.columns[index]
        values = [_scalar(row[index], column, table) for row in table.rows]
        if not values:
            continue
        if shape == "columns":
            panels.append(_columns(table, column, index, values, grain))
        else:
            panels.append(_bars(table, column, index, values, grain))
    return panels


def _bars(table, column, index, values, grain) -> Panel:
    rows, values = table.rows[:MAX_BARS], values[:MAX_BARS]
    low = min(min(values), Decimal(0))
    high = max(max(values), Decimal(0))
    span = (high - low) or Decimal(1)
    baseline = float(-low / span * 100)
    marks = []
    for position, (row, value) in enumerate(zip(rows, values, strict=True)):
        width = float(abs(value) / span * 100)
        marks.append(
            Mark(
                label=_clip(cell_text(row[0], table.columns[0], table, grain)),
                text=_mark_text(row[index], column, table),
                x=baseline - width if value < 0 else baseline,
                width=width,
                y=position * BAR_ROW + BAR_TOP,
                height=BAR_HEIGHT,
                negative=value < 0,
            )
        )
    return Panel(
        shape="bars",
        title=column_heading(column, table),
        description=_description(table, column, "bars", shown=len(marks)),
        height=len(marks) * BAR_ROW + 4,
        marks=marks,
        ticks=[],
        gridlines=[],
        baseline=baseline,
    )


def _columns(table, column, index, values, grain) -> Panel:
    top, bottom = max(max(values), Decimal(0)), min(min(values), Decimal(0))
    step = _nice_step(top - bottom)
    # The scale runs over whole steps, so that its gridlines are round numbers.
    high = max((top / step).to_integral_value(ROUND_CEILING) * step, step)
    low = (bottom / step).to_integral_value(ROUND_FLOOR) * step
    span = high - low

    def y_of(value: Decimal) -> float:
        return PLOT_TOP + float((high - value) / span) * PLOT_HEIGHT

    baseline = y_of(Decimal(0))
    count = len(values)
    slot = 100 / count
    marks = []
    for position, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        top = y_of(max(value, Decimal(0)))
        marks.append(
            Mark(
                label=cell_text(row[0], table.columns[0], table, grain),
                text=_mark_text(row[index], column, table),
                x=position * slot + slot * 0.1,
                width=slot * 0.8,
                y=top,
                height=max(abs(y_of(value) - baseline), 0.0),
                negative=value < 0,
            )
        )
    ticks = _ticks(
        [cell_text(row[0], table.columns[0], table, grain) for row in table.rows]
    )
    gridlines = []
    level = low
    while level <= high:
        gridlines.append(Gridline(text=_short_number(level), y=y_of(level)))
        level += step
    return Panel(
        shape="columns",
        title=column_heading(column, table),
        description=_description(table, column, "columns"),
        height=COLUMNS_HEIGHT,
        marks=marks,
        ticks=ticks,
        gridlines=gridlines,
        baseline=baseline,
    )


# Reports -------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One report on a statistics page: its table, chart and CSV link."""

    key: str
    table: Table
    panels: list[Panel]
    html: HtmlTable
    csv_url: str


def report(
    key: str, table: Table, shape: Shape, csv_url: str, grain: str = "month"
) -> Report:
    return Report(
        key=key,
        table=table,
        panels=chart_panels(table, shape, grain),
        html=html_table(table, grain),
        csv_url=csv_url,
    )
