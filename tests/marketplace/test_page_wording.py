"""What a page reads as, in order: a price is followed by what it is per, before a
sale's tag and countdown; a package's phase choices carry their names; who saw an
initial password, and when, in the time zone of the page; search facets with an
order of their own (price ranges, ratings) keep it."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from accounts.roles import OrganizationKind, Role
from marketplace.models import Plan
from search.backends import get_backend
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import (
    PackageFactory,
    PackageLineFactory,
    PackagePhaseFactory,
)
from tests.factories.catalog import CategoryFactory, published_listing
from tests.factories.curation import PromotionFactory

pytestmark = pytest.mark.django_db


def words(html: bytes | str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_a_sale_price_says_per_what_before_the_sale_and_its_countdown(client):
    promotion = PromotionFactory(percent_off=12)
    plan = promotion.plan
    unit = str(plan.get_unit_display())

    page = BeautifulSoup(
        client.get(f"/solutions/{plan.listing.slug}/").content, "html.parser"
    )
    cell = next(
        " ".join(td.get_text(" ").split())
        for td in page.select("td[data-label='Unit price']")
        if "Select sale" in td.get_text()
    )

    # The price charged, what it is per, then the sale and when it ends.
    assert re.search(rf"CNY [\d,.]+ {re.escape(unit)} Select sale −12 %", cell), cell
    assert not cell.endswith(unit), cell


def test_a_compared_plan_reads_price_unit_then_billing(client):
    listing = published_listing(
        slug="flow-meter",
        plans=[
            Plan(
                code="MON",
                name="Monthly",
                billing="monthly",
                unit="device",
                unit_price=560,
            )
        ],
    )
    other = published_listing(slug="gauge", category=listing.category)

    page = client.get(
        "/compare/?" + urlencode([("listing", listing.slug), ("listing", other.slug)])
    )
    text = words(page.content)

    assert "Monthly: CNY 5.60 per device, monthly" in text
    assert " ," not in text


def test_a_lines_phase_choices_carry_the_phases_names(client):
    county = OrganizationFactory(kind=OrganizationKind.BUYER)
    user = MembershipFactory(organization=county, role=Role.REQUESTER).user
    package = PackageFactory(organization=county, created_by=user)
    PackagePhaseFactory(package=package, number=1, name="Pilot: Futian district")
    PackagePhaseFactory(package=package, number=2, name="City-wide rollout")
    line = PackageLineFactory(package=package, phase=1)
    client.force_login(user)

    page = BeautifulSoup(client.get(f"/packages/{package.pk}/").content, "html.parser")
    options = [
        " ".join(option.get_text().split())
        for option in page.select(f"#p-{line.pk} option")
    ]

    assert options == [
        "1. Pilot: Futian district",
        "2. City-wide rollout",
        "3. A new phase",
    ]


def test_who_saw_an_initial_password_says_when_in_the_pages_zone(
    client, provisioned, approver, settings
):
    settings.TIME_ZONE = "Asia/Shanghai"
    client.force_login(approver)

    page = BeautifulSoup(
        client.get(f"/subscriptions/{provisioned.pk}/").content, "html.parser"
    )
    seen = next(
        " ".join(item.get_text(" ").split())
        for item in page.select("li")
        if "on first opening" in item.get_text()
    )

    assert seen.endswith("CST"), seen


def test_price_ranges_are_offered_from_the_cheapest(client):
    category = CategoryFactory()
    for slug, price in (("a", 200_000), ("b", 300_000), ("c", 50_000)):
        published_listing(
            slug=f"meter-{slug}",
            title="Water meter",
            category=category,
            plans=[
                Plan(
                    code="HW",
                    name="Hardware",
                    billing="one_time",
                    unit="device",
                    unit_price=price,
                )
            ],
        )
    get_backend().rebuild()

    page = BeautifulSoup(
        client.get("/search/", {"q": "water meter"}).content, "html.parser"
    )
    legend = page.find("legend", string=re.compile("First-year cost"))
    labels = [
        " ".join(label.get_text(" ").split())
        for label in legend.find_parent("fieldset").select("label")
    ]

    # Two solutions cost 1,000 to 10,000 and one less, which is still shown first.
    assert labels == [
        "Under CNY 1,000.00 (1)",
        "CNY 1,000.00 to CNY 10,000.00 (2)",
    ]
