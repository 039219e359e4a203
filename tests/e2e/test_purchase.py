"""A municipal buyer composes a two-vendor package in Chromium, asks for a quote, the
approver approves it, and the requester orders and pays by card in Stripe's card
form (localstripe's stand-in): a declined card first, then one that asks for 3-D
Secure. Each page passes the accessibility scan."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import OrganizationKind, Role
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def county(site):
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")


@pytest.fixture
def listings(site):
    manholes = CategoryFactory()
    cameras = CategoryFactory(slug="video-surveillance", name="Video surveillance")
    return (
        published_listing(
            title="Manhole Guard",
            slug="guard",
            vendor=VendorFactory(),
            category=manholes,
        ),
        published_listing(
            title="City Eye", slug="eye", vendor=VendorFactory(), category=cameras
        ),
    )


# Stripe's card fields are Stripe's: an iframe it makes accessible in production,
# localstripe's unlabelled stand-in here. The scan covers the rest of the page.
CARD_FIELDS = ("#card-element",)


def card(page, number: str) -> None:
    """Type a test card into the card form."""
    fields = page.locator("#card-element")
    fields.locator("input[placeholder=number]").fill(number)
    fields.locator("input[placeholder=exp_month]").fill("12")
    fields.locator("input[placeholder=exp_year]").fill("30")
    fields.locator("input[placeholder=cvc]").fill("123")
    fields.locator("input[placeholder=postal_code]").fill("10001")


@pytest.mark.slow
def test_compose_quote_approve_order_and_pay_by_card(
    page, login, county, listings, localstripe, receiver, assert_accessible
):
    # Both vendors provision at once, answering with the access details.
    from vendors.webhooks.endpoints import endpoint_save

    receiver.default = (
        200,
        {
            "status": "provisioned",
            "instance_id": "i-1",
            "access": {"url": "https://ops.vendor.example/riverside", "username": "rc"},
        },
        {},
        0.0,
    )
    for listing in listings:
        endpoint_save(vendor=listing.vendor, url=receiver.url)

    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    login(requester)

    page.goto("/solutions/guard/")
    page.get_by_label("Quantity").fill("40")
    page.get_by_label("Name of the new package").fill("Pilot district")
    page.get_by_role("button", name="Add to the package").click()
    expect(page.get_by_role("heading", name="Pilot district")).to_be_visible()
    package_url = page.url

    page.goto("/solutions/eye/")
    page.get_by_label("Package", exact=True).select_option(label="Pilot district")
    page.get_by_label("Quantity").fill("6")
    page.get_by_role("button", name="Add to the package").click()
    expect(page.locator("#composer")).to_contain_text("City Eye")
    assert_accessible(package_url)

    # htmx: the composer changes in place, the page stays.
    page.evaluate("window.agoraMarker = 1")
    page.get_by_label("Quantity").first.fill("20")
    page.get_by_role("button", name="Update").first.click()
    expect(page.locator("#composer")).to_contain_text("CNY 13,600.00")
    assert page.evaluate("window.agoraMarker") == 1

    page.get_by_role("button", name="Ask for a quote").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"Quote Q-\d{4}-\d{6}"))
    ).to_be_visible()
    quote_url = page.url
    expect(page.get_by_role("button", name="Approve this quote")).to_have_count(0)
    assert_accessible(quote_url)

    page.context.clear_cookies()
    login(approver)
    page.goto(quote_url)
    page.get_by_role("button", name="Approve this quote").click()
    expect(page.locator(".agora-facts").first).to_contain_text("Approved")

    page.context.clear_cookies()
    login(requester)
    page.goto(quote_url)
    page.locator("label", has_text="Card").click()
    page.get_by_role("button", name="Place the order").click()
    expect(page.locator("#order-status")).to_have_text("Waiting for payment")
    expect(page.get_by_role("heading", level=3)).to_have_count(2)
    order_url = page.url
    assert_accessible(order_url, exclude=CARD_FIELDS)

    pay = page.get_by_role("button", name=re.compile(r"^Pay CNY"))
    # A mistyped card number: explained in the buyer's words, not the provider's.
    card(page, "424242424242")
    pay.click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The card details were not accepted."
    )
    expect(page.get_by_role("alert")).not_to_contain_text("Bad request")

    # A declined card: the reason, and the order still waits.
    card(page, "4000000000000002")
    pay.click()
    expect(page.get_by_role("alert")).to_contain_text("The card was declined.")
    expect(page.locator("#order-status")).to_have_text("Waiting for payment")

    # A card that asks for 3-D Secure: the cardholder completes the challenge.
    card(page, "4000002760003184")
    pay.click()
    page.get_by_role("button", name="Complete authentication").click()
    expect(page.locator("#order-status")).to_have_text("Paid")
    expect(page.get_by_role("button", name=re.compile(r"^Pay "))).to_have_count(0)
    assert_accessible(order_url)

    # Each vendor was told and provisioned: the buyer reaches the service.
    expect(page.get_by_role("link", name="Active")).to_have_count(2)
    page.get_by_role("link", name="Active").first.click()
    expect(page.locator("#access")).to_contain_text(
        "https://ops.vendor.example/riverside"
    )
    assert_accessible(page.url)
