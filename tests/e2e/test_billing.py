"""Billing's pages in a real browser: a renewed subscription (its billing, charges
and the renewal form, which works without JavaScript), its renewal order, and the
vendor's monthly statement pass the accessibility scan at desktop and phone
widths."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.roles import Role
from marketplace.models import Order, OrderKind, Subscription
from marketplace.services.billing.runs import billing_run
from marketplace.services.provisioning import subscription_report
from tests.factories import MembershipFactory
from tests.factories.buying import SubscriptionFactory
from tests.factories.catalog import PlanFactory, vendor_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


@pytest.fixture
def renewed(site) -> Subscription:
    """4 units a month, paid by invoice on January 31st, 2026 and charged again on
    February 28th."""
    plan = PlanFactory(billing="monthly", unit_price=10_000, contract_term_months=12)
    with time_machine.travel(datetime(2026, 1, 31, 9, tzinfo=UTC), tick=False):
        subscription = SubscriptionFactory(plan=plan, quantity=4)
    subscription_report(subscription=subscription, data={"status": "provisioned"})
    with time_machine.travel(datetime(2026, 2, 28, 6, tzinfo=UTC), tick=False):
        billing_run(day=date(2026, 2, 28))
    return Subscription.objects.get(pk=subscription.pk)


def test_a_buyer_turns_renewal_off_without_javascript_and_the_pages_pass_the_scan(
    browser, live_server, renewed, assert_accessible, axe_violations, login, page
):
    buyer = MembershipFactory(organization=renewed.organization, role=Role.REQUESTER)
    login(buyer.user)
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(f"/subscriptions/{renewed.pk}/")
        assert_accessible(f"/orders/{renewal.pk}/")

    # Without JavaScript the form still turns automatic renewal off.
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="en-GB"
    )
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    plain.goto(f"/subscriptions/{renewed.pk}/")
    plain.get_by_role("button", name="Turn automatic renewal off").click()
    assert plain.get_by_role("button", name="Turn automatic renewal on").is_visible()
    context.close()
    renewed.refresh_from_db()
    assert renewed.auto_renew is False


def test_the_vendor_statement_passes_the_scan(renewed, assert_accessible, login, page):
    login(vendor_member(renewed.vendor, Role.OWNER))

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible("/vendor/statement/?month=2026-02")
