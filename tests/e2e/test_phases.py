"""A municipality plans a pilot and a city-wide rollout in Chromium: it names and
dates the phases on the package's page, reads the cost per fiscal year, and after
approval releases the pilot alone from the quote's page, by invoice under its
purchase order number. Each page passes the accessibility scan, without
JavaScript too."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OrganizationKind, Role
from marketplace.models import Order
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import PackageFactory, PackageLineFactory
from tests.factories.catalog import PlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def county(site):
    return OrganizationFactory(
        kind=OrganizationKind.BUYER,
        name="Futian District",
        fiscal_year_start_month=4,
        allow_self_approval=True,
    )


@pytest.fixture
def package(county):
    package = PackageFactory(organization=county, name="Smart manholes", budget=10**7)
    PackageLineFactory(
        package=package, plan=PlanFactory(unit_price=50_000), quantity=4, phase=1
    )
    PackageLineFactory(
        package=package,
        plan=PlanFactory(unit_price=1_200, billing="monthly"),
        quantity=1_000,
        phase=2,
    )
    return package


def test_phases_are_planned_costed_and_released_one_by_one(
    page, login, county, package, assert_accessible
):
    approver = login(
        MembershipFactory(organization=county, role=Role.APPROVER, is_admin=True).user
    )
    assert approver
    package_url = f"/packages/{package.pk}/"
    page.goto(package_url)

    page.get_by_text("Name, date or annotate phase 2").click()
    page.locator("#id_phase-2-name").fill("City-wide rollout")
    start = timezone.localdate() + timedelta(days=90)
    page.locator("#id_phase-2-planned_start").fill(start.isoformat())
    page.get_by_role("button", name="Save phase 2").click()

    expect(
        page.get_by_role("heading", name="Phase 2: City-wide rollout")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Cost over time")).to_be_visible()
    assert_accessible(package_url)

    page.get_by_role("button", name="Ask for a quote").click()
    quote_url = page.url
    page.get_by_role("button", name="Approve this quote").click()
    expect(page.get_by_text("Not released")).to_have_count(2)
    assert_accessible(quote_url)

    release = page.locator(
        "form", has=page.get_by_role("button", name="Release phase 1")
    )
    release.locator("label", has_text="Invoice or purchase order").click()
    release.get_by_label("Purchase order number").fill("PO-2027-0042")
    release.get_by_role("button", name="Release phase 1").click()

    expect(page.locator("#order-status")).to_have_text("Waiting for payment")
    order = Order.objects.get()
    assert (order.phase, order.purchase_order) == (1, "PO-2027-0042")
    page.goto(quote_url)
    expect(page.locator("#quote-phase-1")).to_contain_text(
        "Ordered, waiting for payment"
    )
    expect(page.locator("#quote-phase-2")).to_contain_text("Not released")
    assert_accessible(quote_url)
