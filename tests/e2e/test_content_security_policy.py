"""Every page is sent with a Content-Security-Policy, and Chromium enforcing it
reports no violation on the key pages: the catalog, search (its suggestions through
htmx), a package, a quote, an order with Stripe's card form (localstripe's stand-in),
the vendor portal, the Wagtail admin (dashboard, a listing's edit page and its inline
panel, listings with date filters, a form of ours, the review workflow), the Django
admin and the API documentation."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from marketplace.models import PaymentMethod
from marketplace.services.listings import listing_review_workflow, listing_submit
from tests.factories import MembershipFactory, PlatformMemberFactory, UserFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import CategoryFactory, published_listing, vendor_member

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]

# Each violation the page's own document reports, kept across navigations.
LISTEN = """
window.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "csp-violation " + JSON.stringify({
      page: location.pathname,
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
    })
  );
});
"""


@pytest.fixture
def visit(page):
    """`visit(path)`: open the page, check it came with a policy, and return the
    violations reported so far (this page and the ones before)."""
    violations: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "csp-violation" in message.text
            or "Content Security Policy" in message.text
            else None
        ),
    )

    def open_page(path: str) -> list[str]:
        response = page.goto(path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        return violations

    open_page.violations = violations
    return open_page


@pytest.fixture
def catalog(site):
    listing_review_workflow()
    category = CategoryFactory()
    return published_listing(
        title="Manhole Guard", slug="manhole-guard", category=category
    )


def test_catalog_search_and_buying_pages_report_no_violation(
    page, visit, login, catalog, buyer_org, approver, localstripe
):
    from search.backends import get_backend

    get_backend("database").rebuild()
    order = OrderFactory(
        organization=buyer_org,
        payment_method=PaymentMethod.CARD,
        lines=[(catalog.plans.get(), 3)],
    )
    login(approver)

    for path in ("/", "/solutions/manhole-guard/", "/compare/?listing=manhole-guard"):
        assert visit(path) == [], path

    # Search, and its suggestions through htmx as the buyer types.
    visit("/search/?q=manhole")
    page.locator("#site-search").fill("manho")
    expect(page.locator("#site-search-suggestions option").first).to_be_attached()

    visit(f"/packages/{order.quote.package_id}/")
    visit(f"/quotes/{order.quote_id}/")

    # Stripe.js (localstripe's stand-in) draws the card fields.
    visit(f"/orders/{order.pk}/")
    expect(page.locator("#card-element input").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Pay "))).to_be_enabled()

    assert visit.violations == []


def test_vendor_portal_reports_no_violation(visit, login, catalog):
    login(vendor_member(catalog.vendor, Role.OWNER))

    for path in (
        "/vendor/",
        f"/vendor/listings/{catalog.pk}/",
        "/vendor/orders/",
        "/vendor/webhooks/",
    ):
        visit(path)

    assert visit.violations == []


def test_wagtail_admin_and_its_review_workflow_report_no_violation(
    page, visit, login, catalog
):
    publisher = vendor_member(catalog.vendor, Role.PUBLISHER)
    waiting = published_listing(
        vendor=catalog.vendor, title="Cover Sense", slug="cover-sense"
    )
    waiting.title = "Cover Sense 2"
    waiting.save_revision(user=publisher)
    listing_submit(listing=waiting, user=publisher)
    login(PlatformMemberFactory(role=Role.CURATOR))

    visit("/cms/")
    visit(f"/cms/snippets/marketplace/listing/edit/{catalog.pk}/")
    # The plans' inline panel: a plan added in the page.
    page.get_by_role("tab", name="Plans").click()
    plans = page.locator("#id_plans-FORMS > *")
    count = plans.count()
    page.get_by_role("button", name=re.compile(r"^Add plan", re.IGNORECASE)).click()
    expect(plans).to_have_count(count + 1)
    # Listings with filters (date pickers), and a form of our own.
    visit("/cms/pages/")
    visit("/cms/snippets/marketplace/listing/")
    visit("/cms/select/sales/new/")

    # The review workflow: the curator approves the listing waiting for review.
    visit("/cms/")
    page.get_by_role("link", name="Cover Sense 2").first.click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Cover Sense 2"))
    expect(row.get_by_text("Published", exact=True)).to_be_visible()

    assert visit.violations == []


def test_django_admin_and_api_documentation_report_no_violation(page, visit, login):
    login(UserFactory(is_staff=True, is_superuser=True))

    visit("/django-admin/")
    visit("/django-admin/accounts/user/")
    visit("/api/v1/docs/")
    expect(page.get_by_text("/api/v1/me/", exact=True).first).to_be_visible()

    assert visit.violations == []


def test_buyer_pages_pass_the_accessibility_scan_under_the_policy(
    login, catalog, assert_accessible
):
    # axe-core is injected under the policy too.
    login(MembershipFactory(role=Role.REQUESTER).user)

    assert_accessible("/solutions/manhole-guard/")
