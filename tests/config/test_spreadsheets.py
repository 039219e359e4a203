"""CSV cells that a spreadsheet would run as a formula are written as text; numbers,
negative ones too, stay numbers."""

import csv
import io
from decimal import Decimal

import pytest

from config.spreadsheets import csv_writer, spreadsheet_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("https://evil.example","Click")',
            '\'=HYPERLINK("https://evil.example","Click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("Manhole Guard", "Manhole Guard"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_text_that_would_run_as_a_formula_is_written_as_text(value, written):
    assert spreadsheet_cell(value) == written


@pytest.mark.parametrize(
    "value", [-120, Decimal("-120.50"), "-120.50", "-7", "2026-02-28", 0, None]
)
def test_numbers_negative_ones_too_are_left_as_they_are(value):
    assert spreadsheet_cell(value) == value


def test_the_writer_neutralizes_every_cell_it_writes():
    out = io.StringIO()

    csv_writer(out).writerows([["=1+1", Decimal("-5.00"), "-5.00", 3]])

    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=1+1", "-5.00", "-5.00", "3"]
    ]
