"""A vendor creates and submits a listing in the portal, a curator approves it in the
Wagtail admin, and a buyer finds it in its category and compares it — in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from marketplace.models import Listing
from marketplace.services.listings import listing_review_workflow
from tests.factories import MembershipFactory, PlatformMemberFactory
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def world(site):
    listing_review_workflow()
    category = CategoryFactory()
    competitor = published_listing(
        title="Cover Sense", slug="cover-sense", category=category
    )
    vendor = VendorFactory(organization__name="Lanxin IoT")
    publisher = vendor_member(vendor, Role.PUBLISHER)
    curator = PlatformMemberFactory(first_name="Amara", last_name="Okafor")
    buyer = MembershipFactory(role=Role.REQUESTER).user
    return {
        "category": category,
        "competitor": competitor,
        "publisher": publisher,
        "curator": curator,
        "buyer": buyer,
    }


def log_in(page, user):
    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()


@pytest.mark.slow
def test_from_vendor_draft_to_buyer_comparison(page, world):
    # The vendor drafts, completes and submits the listing.
    log_in(page, world["publisher"])
    page.get_by_role("link", name="Vendor portal").click()
    page.get_by_role("link", name="New listing").click()
    page.get_by_label("Name of the solution").fill("Manhole Guard NB-IoT")
    # Kinds of solution are grouped under their sections.
    page.get_by_label("Category").select_option(label="Smart manholes")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_label("Summary").fill("Tilt, water-level and gas sensors.")
    page.get_by_label("Description").fill("<p>Five-year battery, IP68.</p>")
    page.get_by_label("Deployment model").select_option("hardware_plus_saas")
    # Regions are checkboxes grouped by part of the world, with a filter box.
    regions = page.get_by_role("group", name="Regions served")
    for country in ("China", "Singapore"):
        regions.get_by_label("Find a country or region").fill(country)
        regions.get_by_text(country, exact=True).click()
    page.get_by_label("Support hours").select_option("24x7")
    plan = page.get_by_role("group", name="Add a plan")
    plan.get_by_label("Code").fill("STD")
    plan.get_by_label("Plan name").fill("Standard")
    plan.get_by_label("Billing").select_option("one_time")
    plan.get_by_label("Unit price", exact=True).fill("680.00")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your changes are saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("In review", exact=True)).to_be_visible()
    log_out(page)

    # The curator approves it in the Wagtail admin.
    log_in(page, world["curator"])
    page.goto("/cms/")
    page.get_by_role("link", name="Manhole Guard NB-IoT").first.click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Manhole Guard NB-IoT"))
    expect(row.get_by_text("Published", exact=True)).to_be_visible()
    page.goto("/")
    log_out(page)

    # A buyer finds it in its category and compares it with a competitor.
    log_in(page, world["buyer"])
    page.goto("/")
    page.get_by_role("link", name="Smart manholes").click()
    expect(page.get_by_role("link", name="Manhole Guard NB-IoT")).to_be_visible()
    page.locator("label", has_text="Compare Manhole Guard NB-IoT").click()
    page.locator("label", has_text="Compare Cover Sense").click()
    page.get_by_role("button", name="Compare (2)").click()

    table = page.get_by_role("table")
    expect(
        table.get_by_role("columnheader", name="Manhole Guard NB-IoT")
    ).to_be_visible()
    expect(table.get_by_role("columnheader", name="Cover Sense")).to_be_visible()
    expect(table).to_contain_text("CNY 680.00")
    assert Listing.objects.get(title="Manhole Guard NB-IoT").status == "published"
