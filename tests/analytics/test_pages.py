"""The statistics pages of the Wagtail admin: curators and finance see each report
as a chart beside the table of its numbers, with a CSV download of exactly that
table; nobody else sees them; bad filters are a form error."""

import csv
import io
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from analytics.services import rollups_rebuild
from tests.factories import MembershipFactory, PlatformMemberFactory
from tests.factories.buying import paid_subscription, self_approving_buyer
from tests.factories.catalog import published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales():
    """Two listings sold: one line of CNY 1,360.00 to a city in China, one of
    CNY 68,000.00 to an enterprise in Germany."""
    sensors = published_listing(title="Manhole Guard")
    cameras = published_listing(title="Crossing Camera")
    paid_subscription(sensors, quantity=2, buyer=self_approving_buyer(region="CN"))
    paid_subscription(
        cameras,
        quantity=100,
        buyer=self_approving_buyer(region="DE", buyer_type="enterprise"),
    )
    rollups_rebuild()
    return sensors, cameras


@pytest.fixture
def curator(client):
    client.force_login(PlatformMemberFactory(role=Role.CURATOR))
    return client


def report(page: str, key: str):
    """The report section `key` of a statistics page's HTML."""
    return BeautifulSoup(page, "html.parser").find("section", id=f"report-{key}")


def table_rows(section) -> list[list[str]]:
    table = section.find("table")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.find_all("tr")
    ]


def number(text: str) -> Decimal:
    """A number as the table shows it ("CNY 1,360.00", "12.5 %", "3")."""
    return Decimal(re.sub(r"[^\d.\-]", "", text))


def test_curator_sees_sales_by_region_as_chart_and_table(curator, sales):
    page = curator.get("/cms/statistics/buyers/")

    assert page.status_code == 200
    region = report(page.content.decode(), "region")
    assert region.find("h2").get_text(strip=True) == "Sales by region"
    chart = region.find("svg", attrs={"role": "img"})
    assert "Bar chart" in chart["aria-label"]
    assert len(chart.find_all("rect", class_="agora-chart__mark")) == 2
    rows = table_rows(region)
    assert rows[0] == [
        "Region",
        "Order lines",
        "Units",
        "Gross merchandise value (CNY)",
    ]
    assert rows[1:] == [
        ["Germany", "1", "100", "CNY 68,000.00"],
        ["China", "1", "2", "CNY 1,360.00"],
    ]
    assert region.find("caption").get_text(strip=True)
    assert {th["scope"] for th in region.find_all("th")} == {"col", "row"}


def test_curator_sees_sales_by_price_range_as_chart_and_table(curator, sales):
    page = curator.get("/cms/statistics/catalog/")

    assert page.status_code == 200
    bands = report(page.content.decode(), "price-range")
    assert bands.find("h2").get_text(strip=True) == "Sales by price range"
    assert len(bands.find_all("rect", class_="agora-chart__mark")) == 2
    assert table_rows(bands)[1:] == [
        ["CNY 1,000 – 10,000", "1", "2", "CNY 1,360.00"],
        ["CNY 10,000 – 100,000", "1", "100", "CNY 68,000.00"],
    ]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/cms/statistics/buyers/", "region"),
        ("/cms/statistics/catalog/", "price-range"),
        ("/cms/statistics/sales/", "over-time"),
        ("/cms/statistics/funnel/", "funnel"),
    ],
)
def test_the_csv_download_is_the_table_beside_the_chart(curator, sales, path, key):
    section = report(curator.get(path).content.decode(), key)
    link = section.find("a", download=True)

    download = curator.get(link["href"])

    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    cells = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    shown = table_rows(section)
    assert len(cells) == len(shown) > 1
    assert cells[0] == shown[0]
    for csv_row, html_row in zip(cells[1:], shown[1:], strict=True):
        assert csv_row[0] == html_row[0]
        for csv_cell, html_cell in zip(csv_row[1:], html_row[1:], strict=True):
            if csv_cell == "":
                assert html_cell == "–"
            else:
                assert Decimal(csv_cell) == number(html_cell)


def test_finance_sees_the_statistics_too(client, sales):
    client.force_login(PlatformMemberFactory(role=Role.FINANCE))

    assert client.get("/cms/statistics/sales/").status_code == 200
    menu = client.get("/cms/").content.decode()
    assert "/cms/statistics/sales/" in menu


def test_buyers_and_strangers_see_no_statistics(client, sales):
    assert client.get("/cms/statistics/buyers/").status_code == 302

    client.force_login(MembershipFactory(role=Role.APPROVER).user)
    refused = client.get("/cms/statistics/buyers/")
    assert refused.status_code in (302, 403)
    assert b"Germany" not in refused.content
    csv_refused = client.get("/cms/statistics/buyers/region.csv")
    assert csv_refused.status_code in (302, 403)


@pytest.mark.parametrize(
    "query",
    [
        "period=custom&start=2026-13-01&end=2026-12-31",
        "period=custom&start=2026-05-01&end=2026-01-01",
        "period=custom&start=2026-05-01",
        "period=fortnight",
        "grain=hour",
        "period=custom&start=2010-01-01&end=2026-01-01",
        "period=custom&start=2024-01-01&end=2026-01-01&grain=day",
        "category=abc",
        "currency=XYZ",
    ],
)
def test_bad_filters_are_a_form_error_not_a_failure(curator, sales, query):
    page = curator.get(f"/cms/statistics/sales/?{query}")

    assert page.status_code == 400
    html = BeautifulSoup(page.content.decode(), "html.parser")
    assert html.find("form", class_="agora-filters")
    assert html.select(".error-message, .help-critical")
    assert html.find("section", class_="agora-report") is None
    assert (
        curator.get(f"/cms/statistics/sales/over-time.csv?{query}").status_code == 400
    )


def test_the_grain_switches_between_months_weeks_and_days(curator, sales):
    period = "period=custom&start=2026-01-05&end=2026-02-01"

    by_week = report(
        curator.get(f"/cms/statistics/sales/?{period}&grain=week").content.decode(),
        "over-time",
    )
    by_day = report(
        curator.get(f"/cms/statistics/sales/?{period}&grain=day").content.decode(),
        "over-time",
    )
    by_month = report(
        curator.get(f"/cms/statistics/sales/?{period}&grain=month").content.decode(),
        "over-time",
    )

    assert len(table_rows(by_week)) == 1 + 4
    assert table_rows(by_week)[1][0].lower().startswith("week of")
    assert len(table_rows(by_day)) == 1 + 28
    assert len(table_rows(by_month)) == 1 + 2
    assert len(by_day.find_all("rect", class_="agora-chart__mark")) == 28


def test_the_default_period_is_the_last_twelve_months_by_month(curator, sales):
    page = curator.get("/cms/statistics/sales/")

    rows = table_rows(report(page.content.decode(), "over-time"))
    assert len(rows) == 1 + 12
    # This month's sales are in the last row.
    assert rows[-1][1:] == ["2", "2", "102", "CNY 69,360.00"]
