"""A buyer compares solutions from a category page, removes a column, adds one of
the same kind, adds a column's plan to a package — and the table scrolls inside
its region, never the page, at 1280 and 390 pixels. In Chromium."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from marketplace.models import PackageLine
from tests.factories import MembershipFactory
from tests.factories.buying import PackageFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]

TITLES = ("Manhole Guard", "Cover Sense", "Lid Watch", "Drain Eye")

PAGE_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def world(site):
    manholes = CategoryFactory()
    listings = [
        published_listing(
            title=title,
            vendor=VendorFactory(organization__name=f"{title} Co"),
            category=manholes,
        )
        for title in TITLES
    ]
    buyer = MembershipFactory(role=Role.REQUESTER)
    package = PackageFactory(organization=buyer.organization, name="Futian pilot")
    return {"listings": listings, "buyer": buyer.user, "package": package}


def column_names(page) -> list[str]:
    return page.locator(".agora-compare__title").all_inner_texts()


def test_compare_remove_add_and_put_in_a_package(page, login, world, axe_violations):
    login(world["buyer"])
    page.set_viewport_size({"width": 1280, "height": 900})

    # Three ticked on the category page; the button counts them.
    page.goto("/categories/smart-manholes/")
    for title in TITLES[:3]:
        page.locator("label", has_text=f"Compare {title}").click()
    button = page.get_by_role("button", name="Compare (3)")
    expect(button).to_be_visible()
    button.click()
    expect(page.get_by_role("heading", name="Compare solutions")).to_be_visible()
    # In the page's order (by title).
    assert column_names(page) == ["Cover Sense", "Lid Watch", "Manhole Guard"]

    # One removed, another of the same kind added.
    page.get_by_role("link", name="Remove Cover Sense from the comparison").click()
    assert column_names(page) == ["Lid Watch", "Manhole Guard"]
    page.get_by_label("A solution of the same kind").select_option(
        label="Drain Eye by Drain Eye Co"
    )
    page.get_by_role("button", name="Add to the comparison").click()
    assert column_names(page) == ["Lid Watch", "Manhole Guard", "Drain Eye"]

    # Lid Watch's plan into the package, from its column; the comparison stays.
    column = page.locator(
        "td", has=page.locator(f"#add-{world['listings'][2].pk}-plan")
    )
    column.get_by_label("Quantity").fill("25")
    column.get_by_label("Package").select_option(label="Futian pilot")
    column.get_by_role("button", name="Add to package").click()
    expect(page.get_by_text("Lid Watch is in “Futian pilot”.")).to_be_visible()
    assert column_names(page) == ["Lid Watch", "Manhole Guard", "Drain Eye"]
    line = PackageLine.objects.get()
    assert (line.package, line.plan.listing.title, line.quantity) == (
        world["package"],
        "Lid Watch",
        25,
    )

    # At 1280 pixels: the page does not scroll sideways; every column is in sight.
    page.get_by_role("button", name="Add to the comparison").click()
    assert len(column_names(page)) == 4
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    for header in page.locator(".agora-compare__head").all():
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert axe_violations() == []

    # At 390 pixels: the table scrolls inside its region, the row headings stay.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    region = page.get_by_role("region", name=re.compile("Solutions side by side"))
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    expect(page.get_by_text("Scroll the table sideways")).to_be_visible()
    heading = page.get_by_role("rowheader", name=re.compile("^Vendor"))
    before = heading.bounding_box()["x"]
    region.focus()
    page.keyboard.press("End")
    region.evaluate("r => r.scrollBy(400, 0)")
    assert region.evaluate("r => r.scrollLeft") > 0
    assert heading.bounding_box()["x"] == before
    assert page.evaluate(PAGE_OVERFLOW) <= 0
