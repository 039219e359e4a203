"""A buyer searches, narrows by a facet and removes the filter again — in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from search.backends import get_backend
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def indexed(site):
    manholes = CategoryFactory()
    north = VendorFactory(organization__name="North Sensors")
    south = VendorFactory(organization__name="South Sensors")
    published_listing(
        title="Manhole Guard", slug="guard", category=manholes, vendor=north
    )
    published_listing(
        title="Manhole Watch", slug="watch", category=manholes, vendor=south
    )
    get_backend("database").rebuild()


def test_search_narrow_by_vendor_and_widen_again(page, indexed):
    page.goto("/")
    page.get_by_label("Search solutions").first.fill("manhole")
    page.get_by_label("Search solutions").first.press("Enter")

    status = page.get_by_role("status").filter(has_text="found")
    expect(status).to_have_text("2 solutions found")
    expect(page.locator("mark").first).to_have_text("Manhole")

    page.locator("label", has_text="North Sensors").click()
    page.get_by_role("button", name="Apply filters").click()
    expect(status).to_have_text("1 solution found")
    expect(page).to_have_url(re.compile(r"vendor="))

    page.get_by_role(
        "link", name=re.compile("Remove filter Vendor: North Sensors")
    ).click()
    expect(status).to_have_text("2 solutions found")


def test_the_search_box_completes_titles_as_one_types(page, indexed):
    page.goto("/search/")
    page.locator("#search-page-q").press_sequentially("manh", delay=50)

    options = page.locator("#search-page-q-suggestions option")
    expect(options).to_have_count(2)
    assert sorted(options.evaluate_all("els => els.map(e => e.value)")) == [
        "Manhole Guard",
        "Manhole Watch",
    ]
