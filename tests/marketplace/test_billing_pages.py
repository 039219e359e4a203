"""Billing on the pages: a subscription's schedule, renewal and charges, with
automatic renewal turned on or off by a form; a renewal's order page; a vendor's
monthly statement from the ledger, on the page and as CSV."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.roles import Role
from marketplace.models import Order, OrderKind
from marketplace.services.billing.runs import billing_run
from marketplace.services.orders import order_cancel
from tests.factories import MembershipFactory
from tests.factories.catalog import vendor_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewed(monthly_subscription):
    """4 units a month, charged again on February 28th, 2026 (at 06:00 UTC)."""
    subscription = monthly_subscription(quantity=4)
    with time_machine.travel(datetime(2026, 2, 28, 6, tzinfo=UTC), tick=False):
        billing_run(day=date(2026, 2, 28))
    return subscription


@pytest.fixture
def buyer(client, renewed):
    """A member of the subscription's organization who places orders, signed in."""
    membership = MembershipFactory(
        organization=renewed.organization, role=Role.REQUESTER
    )
    client.force_login(membership.user)
    return membership


def test_the_subscription_page_shows_its_billing_and_charges(client, renewed, buyer):
    first = renewed.order_line.vendor_order.order
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)

    page = client.get(f"/subscriptions/{renewed.pk}/").content.decode()

    assert "Every month" in page
    assert "Feb. 28, 2026 – March 31, 2026" in page
    assert '<dd id="next-charge">March 31, 2026</dd>' in page
    assert "It renews automatically on Jan. 31, 2027" in page
    assert "Units added during a period are charged from the day" in page
    assert f'href="/orders/{first.pk}/">{first.number}</a>' in page
    assert f'href="/orders/{renewal.pk}/">{renewal.number}</a>' in page
    assert "Renewal" in page
    assert "Turn automatic renewal off" in page


def test_a_buyer_turns_automatic_renewal_off_on_the_page(client, renewed, buyer):
    response = client.post(
        f"/subscriptions/{renewed.pk}/auto-renew/", {"auto_renew": "off"}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/subscriptions/{renewed.pk}/"
    assert "It ends at the end of its term" in page
    assert "It ends on Jan. 31, 2027" in page
    assert "Turn automatic renewal on" in page
    renewed.refresh_from_db()
    assert renewed.auto_renew is False

    client.post(f"/subscriptions/{renewed.pk}/auto-renew/", {"auto_renew": "on"})
    renewed.refresh_from_db()
    assert renewed.auto_renew is True


def test_a_viewer_sees_no_renewal_form_and_cannot_post_one(client, renewed):
    viewer = MembershipFactory(organization=renewed.organization, role=Role.VIEWER)
    client.force_login(viewer.user)

    page = client.get(f"/subscriptions/{renewed.pk}/").content.decode()
    response = client.post(
        f"/subscriptions/{renewed.pk}/auto-renew/", {"auto_renew": "off"}, follow=True
    )

    assert "Turn automatic renewal" not in page
    assert "Your role does not allow this." in response.content.decode()
    renewed.refresh_from_db()
    assert renewed.auto_renew is True


def test_a_renewal_order_names_what_it_bills_and_is_not_cancelled(
    client, renewed, buyer
):
    first = renewed.order_line.vendor_order.order
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)

    page = client.get(f"/orders/{renewal.pk}/").content.decode()

    link = f'<a class="usa-link" href="/orders/{first.pk}/">{first.number}</a>'
    assert f"Bills the subscriptions of order {link}" in page
    assert "Renewal, Feb. 28, 2026 – March 31, 2026" in page
    assert f'href="/subscriptions/{renewed.pk}/"' in page
    assert "Cancel the order" not in page
    with pytest.raises(ValidationError, match="A renewal is paid, not cancelled"):
        order_cancel(membership=buyer, order=renewal)
    renewal.refresh_from_db()
    assert renewal.status == "pending_payment"


@pytest.fixture
def vendor_owner(client, renewed):
    owner = vendor_member(renewed.vendor, Role.OWNER)
    client.force_login(owner)
    return owner


def test_a_vendor_reads_its_statement_of_a_month(client, renewed, vendor_owner):
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    vendor_order = renewal.vendor_orders.get()

    page = client.get("/vendor/statement/?month=2026-02").content.decode()
    january = client.get("/vendor/statement/?month=2026-01").content.decode()
    empty = client.get("/vendor/statement/?month=2025-12").content.decode()

    assert "Statement of February 2026" in page
    assert vendor_order.number in page
    assert renewed.organization.name in page
    assert "Charge · Renewal" in page
    assert 'href="/vendor/statement.csv?month=2026-02"' in page
    assert 'value="2026-02"' in page
    # The first order was booked when it was placed, in January.
    assert renewed.order_line.vendor_order.number in january
    assert vendor_order.number not in january
    assert "Nothing was booked in this month." in empty


def test_the_statement_downloads_as_csv_with_its_totals(client, renewed, vendor_owner):
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    entry = renewal.ledger_entries.get()

    response = client.get("/vendor/statement.csv?month=2026-02")

    assert response["Content-Disposition"] == (
        'attachment; filename="statement-2026-02.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Statement", "2026-02"]
    assert rows[3][1:] == [
        renewal.number,
        renewed.organization.name,
        "Charge",
        entry.currency,
        "400.00",
        f"{entry.commission // 100}.{entry.commission % 100:02d}",
        f"{entry.net // 100}.{entry.net % 100:02d}",
    ]
    assert rows[-1][0] == "Total"
    assert rows[-1][5] == "400.00"


def test_only_vendor_members_who_see_orders_read_statements(client, renewed):
    client.force_login(vendor_member(renewed.vendor, Role.PUBLISHER))

    assert client.get("/vendor/statement/").status_code == 403
    assert client.get("/vendor/statement.csv").status_code == 403
