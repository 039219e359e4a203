"""Approval in Chromium: the approver sees the count in the header, opens the
inbox and returns a quote with a comment; the requester reads the notification,
changes the package and asks again; the approver approves. The inbox, the quote
list and the notifications pass the accessibility scan."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import OrganizationKind, Role
from marketplace.models import Quote
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import PackageFactory, PackageLineFactory
from tests.factories.catalog import PlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def county(site):
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Futian District")


def test_return_with_a_comment_then_approve(page, login, county, assert_accessible):
    requester = MembershipFactory(
        organization=county,
        role=Role.REQUESTER,
        user__first_name="Mei",
        user__last_name="Chen",
    ).user
    approver = MembershipFactory(
        organization=county, role=Role.APPROVER, is_admin=True
    ).user
    package = PackageFactory(
        organization=county, name="Smart manholes", created_by=requester, budget=10**6
    )
    line = PackageLineFactory(
        package=package, plan=PlanFactory(unit_price=50_000), quantity=40, phase=1
    )

    login(requester)
    page.goto(f"/packages/{package.pk}/")
    page.get_by_role("button", name="Ask for a quote").click()
    number = Quote.objects.get().number

    page.context.clear_cookies()
    login(approver)
    page.goto("/")
    inbox = page.get_by_role("link", name=re.compile(r"^Approvals, 1 waiting"))
    expect(inbox).to_be_visible()
    inbox.click()
    expect(page.get_by_role("heading", name=re.compile(number))).to_be_visible()
    expect(page.get_by_text("Over by CNY 10,000.00")).to_be_visible()
    assert_accessible("/approvals/")

    page.get_by_role("link", name=f"Review and decide on {number}").click()
    page.get_by_label("Comment").fill("Start with 20 covers on Shennan Road.")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.get_by_role("status").filter(has_text="returned")).to_be_visible()
    expect(page.get_by_text("Nothing waits for your decision.")).to_have_count(0)

    page.context.clear_cookies()
    login(requester)
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Notifications, 1 unread")).click()
    assert_accessible("/notifications/")
    page.get_by_role(
        "link", name=re.compile(rf"{number}.*returned for changes")
    ).click()
    expect(
        page.get_by_text("Start with 20 covers on Shennan Road.").first
    ).to_be_visible()
    page.get_by_role("link", name="Change the package and ask for a new quote").click()

    page.locator(f"#q-{line.pk}").fill("20")
    page.locator(f"form:has(#q-{line.pk})").get_by_role("button", name="Update").click()
    expect(page.get_by_role("cell", name="CNY 10,000.00").first).to_be_visible()
    page.get_by_role("button", name="Ask for a quote").click()
    second = Quote.objects.order_by("-pk").first().number
    assert second != number

    page.context.clear_cookies()
    login(approver)
    page.goto("/approvals/")
    page.get_by_role("link", name=f"Review and decide on {second}").click()
    page.get_by_role("button", name="Approve this quote").click()
    expect(page.locator(".agora-facts").first).to_contain_text("Approved")
    history = page.locator(".agora-history li")
    expect(history).to_have_count(2)
    expect(history.nth(1)).to_contain_text("Approved")
    page.goto("/approvals/")
    expect(page.get_by_text("Nothing waits for your decision.")).to_be_visible()
    assert_accessible("/quotes/")
    assert_accessible("/orders/")
