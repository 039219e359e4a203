"""A newcomer signs up, confirms their e-mail address, sets up their organization,
logs out, logs in and sees the home page — in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.api_keys import api_key_create
from accounts.models import Membership
from accounts.roles import Role
from tests.factories import MembershipFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


def test_sign_up_then_log_in_and_see_the_home_page(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()

    page.get_by_label("Given name").fill("Mei")
    page.get_by_label("Family name").fill("Chen")
    page.get_by_label("Work e-mail address").fill("mei.chen@futian.example.org")
    page.get_by_label("Password", exact=True).fill("lantern-river-7421")
    page.get_by_label("Repeat the password").fill("lantern-river-7421")
    page.get_by_role("button", name="Sign up").click()

    # The address is confirmed through the e-mailed link before anything else.
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    link = re.search(
        r"https?://[^/]+(/account/verify-email/\S+/)", mail.outbox[-1].body
    )
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Set up your organization")).to_be_visible()
    page.get_by_label("Organization name").fill("Futian District Smart City Office")
    page.locator("label", has_text="Municipal").click()
    page.get_by_label("Country or region").select_option("CN")
    page.get_by_role("button", name="Create organization").click()

    expect(
        page.get_by_role("heading", name=re.compile("Members of Futian"))
    ).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail address").fill("Mei.Chen@futian.example.org")
    page.get_by_label("Password").fill("lantern-river-7421")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Primary").get_by_role(
        "link", name="Home", exact=True
    ).click()

    expect(
        page.get_by_role("heading", level=1, name=re.compile("Compose your smart city"))
    ).to_be_visible()
    expect(page.get_by_text("mei.chen@futian.example.org")).to_be_visible()
    membership = Membership.objects.get(user__email="mei.chen@futian.example.org")
    assert membership.organization.name == "Futian District Smart City Office"
    assert membership.role == "approver"


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_log_in_and_switch_language_without_javascript(browser, live_server):
    user = MembershipFactory(role=Role.REQUESTER).user
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Language").select_option("ja")
    page.get_by_role("button", name="Change").click()

    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_text(user.email)).to_be_visible()
    context.close()


def test_revoking_an_api_key_updates_its_row_in_place(page, login):
    user = login(MembershipFactory(role=Role.REQUESTER).user)
    api_key, _secret = api_key_create(user=user, name="ERP integration")
    page.goto("/account/api-keys/")
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("button", name="Revoke ERP integration").click()

    row = page.get_by_role("row", name=re.compile("ERP integration"))
    expect(row.get_by_role("status")).to_contain_text("Revoked on")
    assert page.evaluate("window.__sameDocument") is True
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
