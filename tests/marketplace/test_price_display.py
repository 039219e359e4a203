"""Prices that add up on screen: wherever a line shows a unit price and a price,
the unit price is the one charged (after volume breaks and sales), the list price
is struck through beside it with the reason, and unit price times quantity is
the line's price, the lines summing to the totals. "From" prices say per what and per
period, and every time shown says its time zone."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import OrganizationKind, Role
from marketplace.models import Plan
from marketplace.services.orders import order_place
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import QuoteFactory
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)
from tests.factories.curation import PromotionFactory

pytestmark = pytest.mark.django_db

AMOUNT = re.compile(r"CNY ([\d,]+\.\d\d)")
PART = re.compile(r"(\d+) × CNY ([\d,]+\.\d\d)")


def minor(text: str) -> int:
    """ "CNY 1,234.50" (or the first amount in a text) in minor units."""
    found = AMOUNT.search(text)
    assert found, text
    whole, fraction = found.group(1).replace(",", "").split(".")
    return int(whole) * 100 + int(fraction)


@pytest.fixture
def county():
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    MembershipFactory(organization=county, role=Role.APPROVER)
    return county


@pytest.fixture
def buyer(client, county):
    user = MembershipFactory(organization=county, role=Role.REQUESTER).user
    client.force_login(user)
    return user


@pytest.fixture
def three_plans():
    """A monthly plan with a volume price from 100 devices, a one-time plan with a
    setup fee, and a curated plan on a 20 % Select sale for its first 10 units."""
    category = CategoryFactory()
    volume = published_listing(
        title="Flow Meter",
        category=category,
        vendor=VendorFactory(),
        plans=[
            Plan(
                code="MON",
                name="Monthly",
                billing="monthly",
                unit="device",
                unit_price=560,
                price_breaks=[{"min_quantity": 100, "unit_price": 500}],
            )
        ],
    ).plans.get()
    setup = published_listing(
        title="Gateway",
        category=category,
        vendor=VendorFactory(),
        plans=[
            Plan(
                code="GW",
                name="Gateway",
                billing="one_time",
                unit="site",
                unit_price=120000,
                setup_fee=30000,
            )
        ],
    ).plans.get()
    sale = PromotionFactory(percent_off=20, quantity_cap=10).plan
    return volume, setup, sale


def line_rows(page: BeautifulSoup) -> list:
    return [row for row in page.select("tbody tr") if row.select(".agora-line-total")]


def assert_rows_add_up(rows) -> int:
    """Each row's unit price times quantity (part by part) is its price; returns the sum
    of the rows' prices and setup fees."""
    total = 0
    for row in rows:
        shown = minor(row.select_one(".agora-line-total").get_text())
        parts = PART.findall(row.select_one(".agora-line-parts").get_text())
        assert parts, row.get_text()
        assert shown == sum(
            int(quantity) * minor(f"CNY {price}") for quantity, price in parts
        )
        # The unit price in its column is the first part's: the one charged.
        unit = minor(row.select_one(".agora-unit-price").get_text())
        assert unit == minor(f"CNY {parts[0][1]}")
        total += shown
        setup = row.select_one(".agora-line-setup")
        if setup is not None:
            total += minor(setup.get_text())
    return total


def test_the_package_page_shows_the_unit_prices_charged_and_adds_up(
    client, buyer, county, three_plans
):
    volume, setup, sale = three_plans
    quote = QuoteFactory(
        organization=county, lines=[(volume, 120), (setup, 3), (sale, 30)]
    )

    page = BeautifulSoup(
        client.get(f"/packages/{quote.package_id}/").content, "html.parser"
    )
    rows = line_rows(page)
    texts = [" ".join(row.get_text(" ").split()) for row in rows]

    assert len(rows) == 3
    flow = next(text for text in texts if text.startswith("Flow Meter"))
    # Charged 5.00, not the list 5.60 it is reduced from, and why.
    assert "CNY 5.60 (list price) CNY 5.00" in flow
    assert "volume price from 100" in flow
    assert "120 × CNY 5.00" in flow and "CNY 600.00" in flow
    gateway = next(text for text in texts if text.startswith("Gateway"))
    assert "3 × CNY 1,200.00" in gateway and "+ CNY 300.00 setup, once" in gateway
    on_sale = next(text for text in texts if text.startswith("Manhole Guard"))
    # Ten units at the sale price, the twenty others at the list price.
    assert "10 × CNY 544.00 + 20 × CNY 680.00" in on_sale
    assert "CNY 19,040.00" in on_sale
    # The lines add up to the phase's one-time and monthly totals.
    phase = page.find(string=re.compile("Phase 1 in total")).find_parent("p")
    one_time, monthly, *_rest = AMOUNT.findall(phase.get_text())
    expected = sum(minor(f"CNY {amount}") for amount in (one_time, monthly))
    assert assert_rows_add_up(rows) == expected


def test_the_quote_its_pdf_and_the_order_add_up_with_their_times_zoned(
    client, buyer, county, three_plans, settings
):
    settings.TIME_ZONE = "Asia/Shanghai"
    volume, setup, sale = three_plans
    made = datetime(2026, 12, 1, 5, 22, tzinfo=UTC)
    quote = QuoteFactory(
        organization=county,
        lines=[(volume, 120), (setup, 3), (sale, 30)],
        created_at=made,
        valid_until=made + timedelta(days=30),
    )

    page = BeautifulSoup(client.get(f"/quotes/{quote.pk}/").content, "html.parser")
    rows = line_rows(page)
    text = " ".join(page.get_text(" ").split())

    assert len(rows) == 3
    total = 0
    for row in rows:
        shown = minor(row.select_one(".agora-line-total").get_text())
        parts = PART.findall(row.select_one(".agora-line-parts").get_text())
        assert shown == sum(int(q) * minor(f"CNY {p}") for q, p in parts)
        setup_fee = row.select_one("td[data-label='Setup fee']").get_text()
        total += shown + minor(setup_fee)
    assert total == quote.one_time + quote.recurring_monthly
    assert "volume price from 100" in text and "Select sale −20 %" in text
    # 05:22 UTC is 1:22 p.m. in Shanghai, and the page says which zone.
    assert "Dec. 1, 2026, 1:22 p.m. CST" in text
    assert "Dec. 31, 2026, 1:22 p.m. CST" in text

    pdf = client.get(f"/quotes/{quote.pk}.pdf")
    pdf_text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "valid until Dec. 31, 2026, 1:22 p.m. CST." in pdf_text
    assert "p.m.." not in pdf_text
    assert "120 × CNY 5.00" in pdf_text and "volume price from 100" in pdf_text
    assert "10 × CNY 544.00 + 20 × CNY 680.00" in pdf_text


def test_from_prices_say_per_what_and_per_period(client, three_plans):
    category = three_plans[0].listing.category

    page = client.get(f"/categories/{category.slug}/")
    text = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())

    assert "From CNY 5.60 per device per month" in text
    # Twelve months of one device: what the price sort compares.
    assert "First year: CNY 67.20 for 1 device" in text
    assert "From CNY 1,200.00 per site, once" in text
    assert "First year: CNY 1,500.00 for 1 site" in text


def test_a_sale_says_when_it_ends_with_the_zone(client, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    promotion = PromotionFactory(percent_off=12)
    listing = promotion.plan.listing

    page = client.get(f"/solutions/{listing.slug}/")
    text = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())

    ends = timezone.localtime(promotion.ends_at)
    assert "Select sale −12 %" in text
    # "ends in 1 day, 23 hours (Dec. 8, 2026, 3:39 p.m. CST)"
    when = re.search(r"ends in (?:1 day, 23 hours|2 days) \( ?([^)]*?) ?\)", text)
    assert when, text
    assert when.group(1).startswith(f"{ends:%b}. {ends.day}, {ends.year}")
    assert when.group(1).endswith("CST")


def test_category_pages_sort_by_first_year_cost(client):
    category = CategoryFactory()

    def listing(title: str, **plan) -> None:
        published_listing(
            title=title,
            category=category,
            plans=[Plan(code="P", name="Plan", unit="device", **plan)],
        )

    # 5.00 a month for at least 10 devices: 600.00 in the first year.
    listing("Cheap unit", billing="monthly", unit_price=500, min_quantity=10)
    # 300.00 once: cheaper in its first year despite its higher unit price.
    listing("One-time", billing="one_time", unit_price=30000)
    # 400.00 a year plus a 300.00 setup fee: 700.00.
    listing("Annual", billing="annual", unit_price=40000, setup_fee=30000)

    page = client.get(f"/categories/{category.slug}/?sort=price")
    titles = [
        heading.get_text(strip=True)
        for heading in BeautifulSoup(page.content, "html.parser").select(
            ".usa-card__heading"
        )
    ]

    assert titles == ["One-time", "Cheap unit", "Annual"]
    assert b"first-year cost" in page.content.lower()


def test_the_order_and_the_vendors_order_list_show_the_sums(client, three_plans):
    volume, setup, _sale = three_plans
    approver = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER),
        role=Role.APPROVER,
    )
    quote = QuoteFactory(
        organization=approver.organization,
        lines=[(volume, 120), (setup, 3)],
        approved_by=approver.user,
    )
    order = order_place(
        membership=approver, quote=quote, payment_method="invoice"
    ).order

    client.force_login(approver.user)
    page = client.get(f"/orders/{order.pk}/")
    text = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())

    assert (
        "120 × CNY 5.00 ( CNY 5.60 (list price) · volume price from 100) = CNY 600.00"
        in text
    )
    assert "3 × CNY 1,200.00 = CNY 3,600.00 + CNY 300.00 setup, once" in text

    client.force_login(vendor_member(volume.listing.vendor, Role.OWNER))
    page = client.get("/vendor/orders/")
    text = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())
    assert "120 × CNY 5.00" in text and "= CNY 600.00" in text
    assert "Gateway" not in text


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", "Dec. 10, 2026, 10 a.m. UTC"),
        ("Asia/Shanghai", "Dec. 10, 2026, 6 p.m. CST"),
        # A zone without an abbreviation says its offset.
        ("Asia/Singapore", "Dec. 10, 2026, 6 p.m. UTC+08"),
        ("Asia/Kathmandu", "Dec. 10, 2026, 3:45 p.m. UTC+05:45"),
    ],
)
def test_a_time_says_its_zone(settings, zone, shown):
    settings.TIME_ZONE = zone
    moment = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)

    html = Template("{% load local_time %}{{ moment|when }}").render(
        Context({"moment": moment})
    )

    assert BeautifulSoup(html, "html.parser").time.get_text() == shown
