"""`/webhooks/stripe/`: signatures, each event once, and events out of order."""

import pytest

from marketplace.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    StripeEvent,
)
from tests.factories.buying import OrderFactory
from tests.factories.catalog import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _order():
    """A card order of two vendors' plans, paid through PaymentIntent pi_test_1."""
    OrderFactory(
        payment_method=PaymentMethod.CARD,
        lines=[PlanFactory(), PlanFactory()],
        payment__payment_intent_id="pi_test_1",
    )


def succeeded(event_id="evt_1"):
    order = Order.objects.get()
    return (
        event_id,
        "payment_intent.succeeded",
        {
            "id": "pi_test_1",
            "amount": order.amount,
            "amount_received": order.amount,
            "currency": order.currency.lower(),
        },
    )


def failed(event_id="evt_2"):
    return (
        event_id,
        "payment_intent.payment_failed",
        {"id": "pi_test_1", "last_payment_error": {"message": "Card declined."}},
    )


def test_a_bad_signature_is_refused_and_stores_nothing(stripe_send):
    response = stripe_send(*succeeded(), secret="whsec_someone_else")

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert Order.objects.get().status == OrderStatus.PENDING_PAYMENT


def test_an_event_sent_twice_is_handled_once(stripe_send):
    first = stripe_send(*succeeded())
    second = stripe_send(*succeeded())

    assert (first.status_code, second.status_code) == (200, 200)
    assert StripeEvent.objects.count() == 1
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert order.vendor_orders.count() == 2
    assert sum(vo.lines.count() for vo in order.vendor_orders.all()) == 2


def test_a_failure_arriving_after_the_success_changes_nothing(stripe_send):
    stripe_send(*succeeded())
    stripe_send(*failed())

    assert Order.objects.get().status == OrderStatus.PAID
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_a_success_after_a_failure_pays_the_order(stripe_send):
    stripe_send(*failed())
    assert Payment.objects.get().failure_message == "Card declined."

    stripe_send(*succeeded("evt_3"))

    assert Order.objects.get().status == OrderStatus.PAID


def test_refunds_apply_once_and_in_full_refund_the_order(stripe_send):
    stripe_send(*succeeded())
    order = Order.objects.get()
    refund = {
        "id": "ch_1",
        "payment_intent": "pi_test_1",
        "amount": order.amount,
        "currency": order.currency.lower(),
    }

    stripe_send("evt_r1", "charge.refunded", {**refund, "amount_refunded": 100})
    stripe_send("evt_r0", "charge.refunded", {**refund, "amount_refunded": 50})
    assert Payment.objects.get().refunded_amount == 100
    assert Order.objects.get().status == OrderStatus.PAID

    stripe_send(
        "evt_r2", "charge.refunded", {**refund, "amount_refunded": order.amount}
    )
    assert Order.objects.get().status == OrderStatus.REFUNDED


def test_unknown_events_are_stored_and_answered(stripe_send):
    response = stripe_send("evt_x", "customer.created", {"id": "cus_1"})

    assert response.status_code == 200
    assert StripeEvent.objects.get().processed_at is not None
