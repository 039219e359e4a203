"""Quotes, orders and payments change status only along their transition tables,
and every change is kept with who, when and why: the buyer reads an order's
history on its page and downloads it for the procurement file."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from marketplace.models import Order, OrderStatus, Quote, StatusChange
from marketplace.services.orders import order_buy_now, order_mark_paid
from tests.factories import UserFactory
from tests.factories.buying import self_approving_buyer
from tests.factories.catalog import published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(finance_user):
    buyer = self_approving_buyer()
    finance_user.first_name, finance_user.last_name = "Mei", "Lin"
    finance_user.save()
    plan = published_listing(title="City Eye").plans.get()
    _quote, order = order_buy_now(
        membership=buyer, plan_id=plan.pk, quantity=2, payment_method="invoice"
    )
    order_mark_paid(order=order, user=finance_user)
    return buyer, Order.objects.get(pk=order.pk)


def test_the_buyer_reads_who_changed_what_and_why(client, paid_order):
    buyer, order = paid_order
    client.force_login(buyer.user)

    page = client.get(f"/orders/{order.pk}/").content.decode()

    history = page[page.index('id="history-heading"') :]
    expected = [
        f"Quote {order.quote.number}",
        "Quote requested",
        "Approved",
        "Ordered",
        f"Order {order.number}",
        "Order placed",
        "Payment started",
        "Marked paid by finance",
        "Mei Lin",
        "Paid in full",
    ]
    positions = [history.index(text) for text in expected]
    assert positions == sorted(positions)


def test_the_history_downloads_as_csv(client, paid_order):
    buyer, order = paid_order
    client.force_login(buyer.user)

    response = client.get(f"/orders/{order.pk}/history.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].endswith(f'{order.number}-history.csv"')
    changes = rows[3:]
    assert [(row[1].split()[0], row[3], row[4]) for row in changes] == [
        ("Quote", "Waiting for approval", "Quote requested"),
        ("Quote", "Approved", "Approved"),
        ("Quote", "Ordered", "Ordered"),
        ("Order", "Waiting for payment", "Order placed"),
        ("Payment", "Pending", "Payment started"),
        ("Payment", "Succeeded", "Marked paid by finance"),
        ("Order", "Paid", "Paid in full"),
    ]
    assert changes[5][6] == "Mei Lin"
    # ISO 8601 with the offset.
    assert changes[0][0][-6] in "+-"


def test_another_organization_cannot_read_the_history(client, paid_order):
    _buyer, order = paid_order
    client.force_login(self_approving_buyer().user)

    assert client.get(f"/orders/{order.pk}/history.csv").status_code in (403, 404)


def test_a_status_changes_only_along_the_table(paid_order):
    _buyer, order = paid_order
    before = StatusChange.objects.count()

    with pytest.raises(ValidationError, match="paid cannot become cancelled"):
        order.move_to(OrderStatus.CANCELLED, reason="order_cancelled")
    order.refresh_from_db()
    order.status = OrderStatus.REFUNDED
    with pytest.raises(ValueError, match="through move_to"):
        order.save()

    assert Order.objects.get().status == OrderStatus.PAID
    assert StatusChange.objects.count() == before


def test_a_new_quote_says_why_it_exists(paid_order):
    quote = Quote.objects.get()
    quote.pk = None
    quote.number = "Q-copy"

    with pytest.raises(ValueError, match="created_because"):
        quote.save()


def test_the_api_answers_the_order_with_its_history(paid_order, api_client_for):
    buyer, order = paid_order
    client = api_client_for(buyer.user, buyer.organization)

    history = client.get(f"/api/v1/orders/{order.pk}/").json()["history"]

    assert [(c["subject"], c["to_status"], c["reason"]) for c in history] == [
        ("quote", "pending", "quote_requested"),
        ("quote", "approved", "quote_approved"),
        ("quote", "ordered", "quote_ordered"),
        ("order", "pending_payment", "order_placed"),
        ("payment", "pending", "payment_started"),
        ("payment", "succeeded", "payment_marked_paid"),
        ("order", "paid", "order_paid"),
    ]
    assert history[5]["by"] == "Mei Lin"
    assert history[3]["number"] == order.number


def test_finance_reads_the_history_and_money_in_the_admin(client, paid_order):
    _buyer, order = paid_order
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    order_page = client.get(f"/cms/finance/orders/inspect/{order.pk}/").content.decode()
    events_page = client.get("/cms/finance/stripe-events/").content.decode()

    assert str(order.amount_money) in order_page
    assert "Marked paid by finance" in order_page
    assert "Add Stripe event" not in events_page
