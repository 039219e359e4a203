"""Select in Chromium: a curator starts a sale in the Wagtail admin, a buyer sees the
sale price, and after the end time the list price is back without a restart. The
storefront pages pass the accessibility scan."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from marketplace.demo.curation import seed_curation
from marketplace.services.listings import listing_review_workflow
from tests.factories import PlatformMemberFactory
from tests.factories.catalog import CategoryFactory, PlanFactory, published_listing
from tests.factories.curation import EndorsementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def curator(site):
    listing_review_workflow()
    return PlatformMemberFactory(role=Role.CURATOR)


@pytest.fixture
def endorsed(curator):
    listing = published_listing(title="Manhole Guard", slug="manhole-guard")
    EndorsementFactory(listing=listing, endorsed_by=curator)
    return listing


def test_a_sale_from_the_admin_shows_to_buyers_until_it_ends(
    page, login, curator, endorsed, monkeypatch, assert_accessible
):
    now = timezone.localtime()
    ends = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
    login(curator)
    page.goto("/cms/select/sales/new/")
    # The plan comes from the chooser, searched by the solution's name.
    page.get_by_role("button", name="Choose a plan").click()
    page.get_by_role("textbox", name="Search term").fill("manhole")
    page.get_by_role("link", name="Manhole Guard — Standard").click()
    expect(page.locator("[data-chooser-title]")).to_have_text(
        "Manhole Guard — Standard"
    )
    page.get_by_label("Percent off").fill("30")
    page.get_by_label("Starts at").fill(
        (now - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    )
    page.get_by_label("Ends at").fill(ends.strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Running")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/solutions/manhole-guard/")
    plans = page.get_by_role("table")
    expect(plans).to_contain_text("CNY 476.00")
    expect(plans).to_contain_text("−30 %")
    expect(plans.locator("del")).to_have_text("CNY 680.00 (list price)")
    # The badge, the endorsement and the sale price pass the scan too.
    assert_accessible("/solutions/manhole-guard/")
    assert_accessible("/compare/?listing=manhole-guard")

    # The end time passes; the same server answers with the list price.
    monkeypatch.setattr(timezone, "now", lambda: ends + timedelta(seconds=1))
    page.reload()
    expect(plans).to_contain_text("CNY 680.00")
    expect(plans).not_to_contain_text("CNY 476.00")
    expect(plans.locator("del")).to_have_count(0)


def test_select_pages_pass_the_accessibility_scan(curator, assert_accessible):
    for slug in ("unmanned-parking", "smart-manholes", "groundwater-level-gauges"):
        category = CategoryFactory(slug=slug, name=slug.replace("-", " ").title())
        published_listing(title=f"{category.name} One", category=category)
    published_listing(
        title="Street Light",
        category=CategoryFactory(slug="smart-street-lights", name="Street lights"),
    )
    # The sensors the "Safe manholes" collection names, so that its package shows.
    published_listing(
        title="Xinglian XL-MH480 Smart Manhole Cover Monitor",
        slug="xinglian-xl-mh480-smart-manhole-cover-monitor",
        plans=[
            PlanFactory.build(code="HW", billing="one_time", unit_price=89900),
            PlanFactory.build(code="PLT", billing="monthly", unit_price=390),
        ],
    )
    seed_curation()

    for path in (
        "/",
        "/select/",
        "/select/smart-parking-one-district/",
        "/select/smart-manholes-qingyun/",
        "/select/safe-manholes-county/",
    ):
        assert_accessible(path)
