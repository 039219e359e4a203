"""A vendor's statistics in the portal: its own listings, over time, its ledger and
its reviews, each a chart and a table with a CSV download; nobody else's."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from analytics.services import rollups_rebuild
from tests.factories import MembershipFactory
from tests.factories.buying import paid_subscription
from tests.factories.catalog import VendorFactory, published_listing, vendor_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_vendors():
    """Two vendors, each with a listing sold once."""
    ours = published_listing(VendorFactory(), title="Manhole Guard")
    theirs = published_listing(VendorFactory(), title="Rival Sensor")
    paid_subscription(ours, quantity=3)
    paid_subscription(theirs, quantity=5)
    rollups_rebuild()
    return ours, theirs


def sections(response) -> dict:
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        section["id"].removeprefix("report-"): section
        for section in html.find_all("section", class_="agora-report")
    }


def first_cells(section) -> list[str]:
    return [
        row.find("th").get_text(strip=True)
        for row in section.find("tbody").find_all("tr")
    ]


def test_a_vendor_sees_its_own_listings_and_no_one_elses(client, two_vendors):
    ours, _theirs = two_vendors
    client.force_login(vendor_member(ours.vendor, Role.OWNER))

    response = client.get("/vendor/statistics/")

    assert response.status_code == 200
    found = sections(response)
    assert set(found) == {"listings", "over-time", "ledger", "reviews"}
    assert first_cells(found["listings"]) == ["Manhole Guard"]
    assert found["listings"].find("svg", attrs={"role": "img"})
    assert "Rival Sensor" not in response.content.decode()
    # This month's revenue: three devices at 680.00.
    assert "CNY 2,040.00" in found["over-time"].get_text()
    download = client.get(found["listings"].find("a", download=True)["href"])
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Manhole Guard"]


def test_a_publisher_sees_the_listings_without_money(client, two_vendors):
    ours, _theirs = two_vendors
    client.force_login(vendor_member(ours.vendor, Role.PUBLISHER))

    response = client.get("/vendor/statistics/")

    found = sections(response)
    assert "ledger" not in found
    assert "Revenue" not in found["listings"].get_text()
    assert "CNY" not in response.content.decode()
    # Over time, the chart draws the views instead of the revenue.
    over_time = found["over-time"]
    assert over_time.find("figcaption").get_text(strip=True) == "Views"
    assert over_time.find_all("rect", class_="agora-chart__mark")
    assert client.get("/vendor/statistics/ledger.csv").status_code == 403


def test_the_review_summary_counts_each_listings_stars(client, two_vendors):
    ours, _theirs = two_vendors
    ours.rating, ours.rating_count = "4.5", 2
    ours.rating_distribution = {"4": 1, "5": 1}
    ours.save(update_fields=["rating", "rating_count", "rating_distribution"])
    client.force_login(vendor_member(ours.vendor, Role.OWNER))

    reviews = sections(client.get("/vendor/statistics/"))["reviews"]

    cells = [cell.get_text(strip=True) for cell in reviews.find("tbody").find_all("td")]
    assert cells == ["4.5", "2", "0", "0", "0", "1", "1"]


def test_buyers_and_strangers_have_no_vendor_statistics(client, two_vendors):
    assert client.get("/vendor/statistics/").status_code == 302

    client.force_login(MembershipFactory(role=Role.APPROVER).user)

    assert client.get("/vendor/statistics/").status_code == 403
    assert client.get("/vendor/statistics/listings.csv").status_code == 403


def test_bad_filters_are_a_form_error_on_the_vendor_page(client, two_vendors):
    ours, _theirs = two_vendors
    client.force_login(vendor_member(ours.vendor, Role.OWNER))

    response = client.get("/vendor/statistics/?period=custom&start=tomorrow")

    assert response.status_code == 400
    assert BeautifulSoup(response.content.decode(), "html.parser").select(
        ".usa-error-message, .usa-alert--error"
    )
    assert sections(response) == {}
