"""Money always adds up: a sale's cap is claimed when an order is placed, a payment
that comes after a cancellation is refunded, a Stripe event is applied only to the
payment it names, one failing event holds up no other, and amounts leave the
platform as exact decimals."""

import csv
import io
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    Promotion,
    QuoteLine,
    QuoteStatus,
    Reason,
    StripeEvent,
    StripeEventOutcome,
)
from marketplace.services.orders import order_cancel, order_place
from marketplace.services.payments.attempts import payment_prepare
from marketplace.tasks import stripe_event_task, stripe_events_sweep_task
from tests.factories.buying import self_approving_buyer
from tests.factories.catalog import published_listing
from tests.factories.curation import PromotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capped_plan(db):
    """A curated plan on a 20 % sale for its first 500 units."""
    return PromotionFactory(quantity_cap=500).plan


def test_two_quotes_cannot_both_order_the_last_sale_units(capped_plan, approved_quote):
    first_buyer, second_buyer = self_approving_buyer(), self_approving_buyer()
    first = approved_quote(first_buyer, capped_plan, 500)
    second = approved_quote(second_buyer, capped_plan, 500)
    # Both quotes were priced while all 500 units were left.
    assert [q.lines.get().sale_units for q in (first, second)] == [500, 500]

    order_place(membership=first_buyer, quote=first, payment_method="invoice")
    with pytest.raises(ValidationError, match="no units left at the sale price"):
        order_place(membership=second_buyer, quote=second, payment_method="invoice")

    assert Promotion.objects.get().units_claimed == 500
    assert not Order.objects.filter(quote=second).exists()
    second.refresh_from_db()
    assert second.status == QuoteStatus.APPROVED


def test_a_cancelled_order_gives_its_sale_units_back(capped_plan, approved_quote):
    first_buyer, second_buyer = self_approving_buyer(), self_approving_buyer()
    first = approved_quote(first_buyer, capped_plan, 300)
    second = approved_quote(second_buyer, capped_plan, 300)
    placed = order_place(membership=first_buyer, quote=first, payment_method="invoice")

    order_cancel(membership=first_buyer, order=placed.order)
    order_place(membership=second_buyer, quote=second, payment_method="invoice")

    assert Promotion.objects.get().units_claimed == 300


def test_the_api_refuses_an_order_whose_sale_units_are_gone(
    capped_plan, approved_quote, api_client_for
):
    first_buyer, second_buyer = self_approving_buyer(), self_approving_buyer()
    first = approved_quote(first_buyer, capped_plan, 400)
    second = approved_quote(second_buyer, capped_plan, 200)
    order_place(membership=first_buyer, quote=first, payment_method="invoice")

    client = api_client_for(second_buyer.user, second_buyer.organization)
    response = client.post(
        f"/api/v1/quotes/{second.pk}/order/", {"payment_method": "invoice"}
    )

    assert response.status_code == 400
    assert "new quote" in response.json()["errors"][0]["detail"]
    assert Promotion.objects.get().units_claimed == 400


# Cancel, then Stripe reports the payment --------------------------------------


@pytest.fixture
def card_order(approved_quote):
    buyer = self_approving_buyer()
    plan = published_listing(title="City Eye").plans.get()
    quote = approved_quote(buyer, plan, 3)
    return buyer, order_place(membership=buyer, quote=quote, payment_method="card")


def test_a_payment_stripe_completes_before_the_cancel_keeps_the_order_paid(
    localstripe, card_order, stripe_confirm
):
    buyer, placed = card_order
    payment = payment_prepare(placed.order)
    stripe_confirm(payment.payment_intent_id)  # the buyer's card went through

    with pytest.raises(ValidationError, match="payment has gone through"):
        order_cancel(membership=buyer, order=placed.order)

    placed.order.refresh_from_db()
    assert placed.order.status == OrderStatus.PAID
    assert placed.order.payments.get().status == PaymentStatus.SUCCEEDED


def test_a_payment_reported_after_the_cancel_is_recorded_and_refunded(
    localstripe, card_order, stripe_confirm, stripe_send, settings, finance_user, client
):
    buyer, placed = card_order
    payment = payment_prepare(placed.order)
    intent = stripe_confirm(payment.payment_intent_id)
    # Stripe cannot be reached while the buyer cancels: the cancel goes ahead.
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    order_cancel(membership=buyer, order=placed.order)
    settings.STRIPE_API_BASE = localstripe

    stripe_send("evt_late", "payment_intent.succeeded", intent)

    order = Order.objects.get(pk=placed.order.pk)
    payment = order.payments.get()
    assert order.status == OrderStatus.CANCELLED
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunded_amount == payment.amount == order.amount
    assert list(
        payment.status_changes.values_list("reason", flat=True).order_by("pk")
    ) == [
        Reason.PAYMENT_STARTED,
        Reason.PAYMENT_CANCELLED,
        Reason.PAYMENT_AFTER_CANCEL,
        Reason.PAYMENT_REFUNDED,
    ]
    assert [message.to for message in mail.outbox] == [[finance_user.email]]
    assert order.number in mail.outbox[0].subject
    client.force_login(buyer.user)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert "after it no longer needed one. It has been refunded." in page
    # The vendors' shares came back once, with the cancellation; the late payment
    # and its refund never were theirs. The buyer has a receipt and a credit note.
    assert sum(order.ledger_entries.values_list("net", flat=True)) == 0
    assert order.ledger_entries.count() == order.vendor_orders.count() * 2
    assert sorted(order.documents.values_list("kind", flat=True)) == [
        "credit_note",
        "receipt",
    ]


def test_finance_is_asked_to_refund_by_hand_what_stripe_will_not_refund(
    localstripe, card_order, stripe_send, finance_user
):
    buyer, placed = card_order
    payment = payment_prepare(placed.order)
    order_cancel(membership=buyer, order=placed.order)  # its intent is cancelled
    amount = placed.order.amount

    stripe_send(
        "evt_late",
        "payment_intent.succeeded",
        {
            "id": payment.payment_intent_id,
            "amount": amount,
            "amount_received": amount,
            "currency": "cny",
        },
    )

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.SUCCEEDED, 0)
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        f"Payment refunded on order {placed.order.number}",
        f"Refund by hand on order {placed.order.number}",
    ]
    assert payment.payment_intent_id in mail.outbox[1].body


# Events that name no payment of ours --------------------------------------------


@pytest.fixture
def invoice_order(approved_quote):
    buyer = self_approving_buyer()
    plan = published_listing(title="City Eye").plans.get()
    quote = approved_quote(buyer, plan, 3)
    return order_place(membership=buyer, quote=quote, payment_method="invoice").order


def test_a_refund_without_a_payment_intent_touches_no_payment(
    invoice_order, stripe_send
):
    stripe_send(
        "evt_refund",
        "charge.refunded",
        {
            "id": "ch_1",
            "object": "charge",
            "payment_intent": None,
            "amount": 99_999_999,
            "amount_refunded": 99_999_999,
            "currency": "cny",
        },
    )

    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PENDING, 0)
    assert Order.objects.get().status == OrderStatus.PENDING_PAYMENT
    event = StripeEvent.objects.get()
    assert event.outcome == StripeEventOutcome.IGNORED
    assert "no PaymentIntent" in event.note


def test_an_event_whose_money_disagrees_with_the_payment_is_not_applied(
    invoice_order, stripe_send
):
    Payment.objects.update(provider="stripe", payment_intent_id="pi_ours")
    amount = invoice_order.amount

    stripe_send(
        "evt_usd",
        "payment_intent.succeeded",
        {
            "id": "pi_ours",
            "amount": amount,
            "amount_received": amount,
            "currency": "usd",
        },
    )
    stripe_send(
        "evt_less",
        "payment_intent.succeeded",
        {"id": "pi_ours", "amount": 1, "amount_received": 1, "currency": "cny"},
    )

    assert Order.objects.get().status == OrderStatus.PENDING_PAYMENT
    notes = dict(StripeEvent.objects.values_list("event_id", "note"))
    assert "currency USD" in notes["evt_usd"]
    assert "amount 1" in notes["evt_less"]


# One failing event ---------------------------------------------------------------


def test_a_failing_event_is_retried_apart_and_then_shown_to_finance(
    invoice_order, stripe_store, settings, client, finance_user, curator
):
    settings.STRIPE_EVENT_MAX_ATTEMPTS = 3
    Payment.objects.update(provider="stripe", payment_intent_id="pi_ours")
    amount = invoice_order.amount
    # The broker was down: both events are stored, no task ran.
    stripe_store("evt_broken", "payment_intent.succeeded", None)
    stripe_store(
        "evt_paid",
        "payment_intent.succeeded",
        {
            "id": "pi_ours",
            "amount": amount,
            "amount_received": amount,
            "currency": "cny",
        },
    )
    StripeEvent.objects.update(received_at=timezone.now() - timedelta(minutes=5))

    stripe_events_sweep_task()

    assert Order.objects.get().status == OrderStatus.PAID
    broken = StripeEvent.objects.get(event_id="evt_broken")
    assert (broken.attempts, broken.outcome) == (1, StripeEventOutcome.WAITING)
    assert broken.next_attempt_at > timezone.now()
    stripe_events_sweep_task()  # not due yet
    assert StripeEvent.objects.get(event_id="evt_broken").attempts == 1

    for _ in range(3):
        StripeEvent.objects.filter(event_id="evt_broken").update(
            next_attempt_at=timezone.now()
        )
        stripe_events_sweep_task()

    broken.refresh_from_db()
    assert (broken.attempts, broken.outcome) == (3, StripeEventOutcome.FAILED)
    client.force_login(finance_user)
    page = client.get("/cms/finance/stripe-events/?outcome=failed").content.decode()
    assert "evt_broken" in page
    assert "evt_paid" not in page

    retry = f"/cms/finance/stripe-events/edit/{broken.pk}/"
    client.force_login(curator)
    client.post(retry, {"confirm": "on"})
    assert StripeEvent.objects.get(pk=broken.pk).outcome == StripeEventOutcome.FAILED
    # Once its cause is fixed, finance tries it again from the start.
    client.force_login(finance_user)
    client.post(retry, {"confirm": "on"})
    broken.refresh_from_db()
    assert (broken.attempts, broken.outcome) == (0, StripeEventOutcome.WAITING)


def test_the_task_retries_with_backoff_before_marking_an_event_failed(
    invoice_order, stripe_send, settings
):
    settings.STRIPE_EVENT_MAX_ATTEMPTS = 4
    settings.STRIPE_EVENT_RETRY_SECONDS = 60

    with pytest.raises(Retry) as first:
        stripe_send("evt_broken", "payment_intent.succeeded", None)
    pk = StripeEvent.objects.get().pk
    # Celery runs the task again after each countdown; here, at once.
    delays = [first.value.when]
    for retries in (1, 2):
        with pytest.raises(Retry) as again:
            stripe_event_task.apply(args=[pk], retries=retries)
        delays.append(again.value.when)
    stripe_event_task.apply(args=[pk], retries=3)

    assert delays == [60, 120, 240]
    event = StripeEvent.objects.get()
    assert (event.attempts, event.outcome) == (4, StripeEventOutcome.FAILED)
    assert event.processed_at is None


def test_the_finance_group_reads_and_retries_stripe_events_after_migrating(
    db, settings
):
    from django.contrib.auth.models import Group

    finance = Group.objects.get(name=settings.FINANCE_GROUP)

    codenames = set(finance.permissions.values_list("codename", flat=True))
    assert {"view_stripeevent", "change_stripeevent"} <= codenames


# Exports --------------------------------------------------------------------------


def test_the_quote_csv_has_exact_amounts(client, approved_quote):
    buyer = self_approving_buyer()
    plan = published_listing(title="City Eye").plans.get()
    quote = approved_quote(buyer, plan, 3)
    # 2**53 + 1 fen: a float cannot hold it.
    QuoteLine.objects.filter(quote=quote).update(subtotal=9_007_199_254_740_993)
    client.force_login(buyer.user)

    rows = list(
        csv.reader(io.StringIO(client.get(f"/quotes/{quote.pk}.csv").content.decode()))
    )

    line = next(row for row in rows if len(row) > 3 and row[3] == "City Eye")
    assert line[-1] == "90071992547409.93"
