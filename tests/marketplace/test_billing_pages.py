"""Billing on the pages: a subscription's schedule, renewal and charges, with
automatic renewal turned on or off by a form; a renewal's order page; a vendor's
monthly statement from the ledger, on the page and as CSV."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from marketplace import exports
from marketplace.models import Order, OrderKind
from marketplace.money import Money
from marketplace.selectors.billing import vendor_statement
from marketplace.services.billing.runs import billing_run
from marketplace.services.orders import order_cancel, order_mark_paid
from marketplace.services.payments.attempts import payment_refunded
from tests.factories import MembershipFactory
from tests.factories.buying import OrderFactory
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


def cells(page: str, row_id: str) -> list[str]:
    """The text of each cell of the page's row `row_id`."""
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', page, re.S)
    assert row, f"no row {row_id}"
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1), re.S)
    ]


def entry_rows(page: str) -> list[str]:
    """The statement's entries, each as the text of its cells joined by " | "."""
    body = page[page.index('width-full" id="statement">') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    return [
        " | ".join(
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        )
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def entry_row(page: str, number: str) -> str:
    """The first entry of vendor order `number`."""
    return next(row for row in entry_rows(page) if f" | {number} | " in row)


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
    assert "Owed to you" not in page
    for header in ("Payment status", "Gross before tax", "Commission", "Net"):
        assert f'<th scope="col">{header}</th>' in page
    # The first order was booked when it was placed, in January, and paid then.
    first = renewed.order_line.vendor_order
    assert first.number in january
    assert vendor_order.number not in january
    assert "Paid on Jan. 31, 2026" in entry_row(january, first.number)
    assert (
        cells(january, f"paid-{first.currency}")[1:]
        == cells(january, f"billed-{first.currency}")[1:]
    )
    assert "Nothing was booked in this month." in empty


def test_an_unpaid_invoice_renewal_waits_for_payment_until_finance_marks_it_paid(
    client, renewed, vendor_owner, finance_user
):
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    vendor_order = renewal.vendor_orders.get()
    currency = vendor_order.currency
    net = str(Money(vendor_order.net, currency))
    zero = str(Money(0, currency))
    assert renewal.payment_method == "invoice"
    assert renewal.due_on == date(2026, 3, 30)

    page = client.get("/vendor/statement/?month=2026-02").content.decode()

    row = entry_row(page, vendor_order.number)
    assert "Charge · Renewal | Waiting for payment (due March 30, 2026)" in row
    assert cells(page, f"billed-{currency}") == [
        f"Billed ({currency})",
        str(Money(40_000, currency)),
        str(Money(vendor_order.commission, currency)),
        net,
    ]
    assert cells(page, f"paid-{currency}") == [
        f"Paid by buyers ({currency})",
        zero,
        zero,
        zero,
    ]
    assert (
        cells(page, f"unpaid-{currency}")[1:] == cells(page, f"billed-{currency}")[1:]
    )
    assert f'id="cancelled-{currency}"' not in page

    with time_machine.travel(datetime(2026, 3, 5, 10, tzinfo=UTC), tick=False):
        order_mark_paid(order=renewal, user=finance_user)
    page = client.get("/vendor/statement/?month=2026-02").content.decode()

    # Still booked in February, when it was raised; now paid.
    assert "Charge · Renewal | Paid on March 5, 2026" in entry_row(
        page, vendor_order.number
    )
    assert "Waiting for payment" not in page
    assert cells(page, f"paid-{currency}")[1:] == cells(page, f"billed-{currency}")[1:]
    assert cells(page, f"unpaid-{currency}")[1:] == [zero, zero, zero]


def cancel(order: Order) -> None:
    buyer = MembershipFactory(organization=order.organization, role=Role.REQUESTER)
    order_cancel(membership=buyer, order=order)


def test_a_refund_and_a_cancelled_order_show_as_negative_rows(
    client, renewed, vendor_owner
):
    plan = renewed.order_line.quote_line.plan
    with time_machine.travel(datetime(2026, 2, 10, 9, tzinfo=UTC), tick=False):
        card = OrderFactory(lines=[(plan, 2)], payment_method="card", paid=True)
        cancelled = OrderFactory(lines=[(plan, 1)])
        cancel(cancelled)
    with time_machine.travel(datetime(2026, 2, 20, 9, tzinfo=UTC), tick=False):
        payment_refunded(payment=card.payments.get(), refunded=card.amount // 2)
    paid_part = card.vendor_orders.get()
    refund = card.ledger_entries.get(kind="refund")
    currency = refund.currency
    assert refund.gross < 0 and refund.net < 0

    page = client.get("/vendor/statement/?month=2026-02").content.decode()

    texts = entry_rows(page)
    assert any(
        paid_part.number in text
        and f"Refund | Paid on Feb. 10, 2026 | {Money(refund.gross, currency)}" in text
        and text.endswith(str(Money(refund.net, currency)))
        for text in texts
    )
    cancelled_part = cancelled.vendor_orders.get()
    cancelled_rows = [text for text in texts if cancelled_part.number in text]
    assert [row.split(" | ")[3:5] for row in cancelled_rows] == [
        ["Charge", "Cancelled"],
        ["Charge cancelled", "Cancelled"],
    ]
    # The card order was paid, less what went back; the cancelled one came to
    # nothing in the month; the renewal is still to be paid.
    renewal_part = Order.objects.get(kind=OrderKind.RENEWAL).vendor_orders.get()
    assert cells(page, f"paid-{currency}")[3] == str(
        Money(paid_part.net + refund.net, currency)
    )
    assert cells(page, f"unpaid-{currency}")[3] == str(
        Money(renewal_part.net, currency)
    )
    assert cells(page, f"billed-{currency}")[3] == str(
        Money(paid_part.net + refund.net + renewal_part.net, currency)
    )
    assert f'id="cancelled-{currency}"' not in page


def test_a_charge_cancelled_the_month_after_is_neither_paid_nor_to_be_paid(
    client, renewed, vendor_owner
):
    with time_machine.travel(datetime(2026, 1, 20, 9, tzinfo=UTC), tick=False):
        order = OrderFactory(lines=[(renewed.order_line.quote_line.plan, 1)])
    with time_machine.travel(datetime(2026, 2, 5, 9, tzinfo=UTC), tick=False):
        cancel(order)
    part = order.vendor_orders.get()
    currency = part.currency
    net = str(Money(part.net, currency))

    january = client.get("/vendor/statement/?month=2026-01").content.decode()
    february = client.get("/vendor/statement/?month=2026-02").content.decode()

    assert entry_row(january, part.number).split(" | ")[3:5] == [
        "Charge",
        "Cancelled",
    ]
    assert cells(january, f"cancelled-{currency}") == [
        f"Cancelled before payment ({currency})",
        str(Money(part.gross, currency)),
        str(Money(part.commission, currency)),
        net,
    ]
    assert net not in cells(january, f"unpaid-{currency}")
    assert entry_row(february, part.number).split(" | ")[3:5] == [
        "Charge cancelled",
        "Cancelled",
    ]
    assert cells(february, f"cancelled-{currency}")[3] == str(
        Money(-part.net, currency)
    )
    assert "Cancelled before payment: charges whose orders" in february


def test_the_statement_downloads_as_a_plain_csv(client, renewed, vendor_owner):
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    entry = renewal.ledger_entries.get()

    response = client.get("/vendor/statement.csv?month=2026-02")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="statement-2026-02.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Booked",
            "Order",
            "Buyer",
            "Kind",
            "Payment status",
            "Paid on",
            "Due on",
            "Currency",
            "Gross before tax",
            "Commission",
            "Net",
        ],
        [
            "2026-02-28T06:00:00+00:00",
            entry.vendor_order.number,
            renewed.organization.name,
            "Charge · Renewal",
            "Waiting for payment",
            "",
            "2026-03-30",
            entry.currency,
            "400.00",
            Money(entry.commission, entry.currency).decimal,
            Money(entry.net, entry.currency).decimal,
        ],
    ]


def test_the_statement_takes_the_same_queries_for_any_number_of_entries(
    client, renewed, vendor_owner, finance_user
):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    page, download = (
        "/vendor/statement/?month=2026-02",
        "/vendor/statement.csv?month=2026-02",
    )
    plan = renewed.order_line.quote_line.plan
    for url in (page, download):  # anything cached on a first request
        queries(url)
    one = queries(page), queries(download)

    with time_machine.travel(datetime(2026, 2, 10, 9, tzinfo=UTC), tick=False):
        for _ in range(3):
            OrderFactory(lines=[(plan, 1)])
        card = OrderFactory(lines=[(plan, 2)], payment_method="card", paid=True)
        cancelled = OrderFactory(lines=[(plan, 1)])
        cancel(cancelled)
        order_mark_paid(order=OrderFactory(lines=[(plan, 1)]), user=finance_user)
        payment_refunded(payment=card.payments.get(), refunded=card.amount)
    # The renewal, then 3 + 1 charges, a card charge and its refund, a charge and
    # its cancellation.
    assert len(vendor_statement(renewed.vendor, date(2026, 2, 1)).lines) == 9

    assert (queries(page), queries(download)) == one
    with CaptureQueriesContext(connection) as captured:
        statement = vendor_statement(renewed.vendor, date(2026, 2, 1))
        list(exports.statement_rows(statement))
    assert len(captured) == 1


def test_only_vendor_members_who_see_orders_read_statements(client, renewed):
    client.force_login(vendor_member(renewed.vendor, Role.PUBLISHER))

    assert client.get("/vendor/statement/").status_code == 403
    assert client.get("/vendor/statement.csv").status_code == 403
