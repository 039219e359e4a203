"""Buyers and Stripe at the same moment, on PostgreSQL's row locks: concurrent
requests make one order and one 201; a cancellation racing a payment neither
deadlocks nor loses the payment."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from marketplace.models import Order, OrderStatus, Payment, PaymentStatus, Reason
from marketplace.services.orders import order_cancel, order_mark_paid, order_place
from tests.factories.buying import self_approving_buyer
from tests.factories.catalog import PlanFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def test_ten_concurrent_order_requests_make_one_order_and_one_201(
    approved_quote, api_client_for, at_once
):
    buyer = self_approving_buyer()
    quote = approved_quote(buyer, PlanFactory())
    clients = [api_client_for(buyer.user, buyer.organization) for _ in range(10)]

    responses = at_once(
        *(
            lambda client=client: client.post(
                f"/api/v1/quotes/{quote.pk}/order/", {"payment_method": "invoice"}
            )
            for client in clients
        )
    )

    codes = [response.status_code for response in responses]
    assert (codes.count(201), codes.count(200)) == (1, 9)
    assert len({response.json()["id"] for response in responses}) == 1
    assert Order.objects.count() == 1


def test_a_cancel_racing_a_payment_neither_deadlocks_nor_loses_it(
    approved_quote, finance_user, at_once
):
    plan = PlanFactory()
    outcomes = set()
    for _ in range(8):
        buyer = self_approving_buyer()
        order = order_place(
            membership=buyer,
            quote=approved_quote(buyer, plan),
            payment_method="invoice",
        ).order

        cancelled, paid = at_once(
            lambda buyer=buyer, order=order: order_cancel(
                membership=buyer, order=order
            ),
            lambda order=order: order_mark_paid(order=order, user=finance_user),
        )

        # Neither waited on a deadlock; the one that lost the race was told why.
        assert not isinstance(paid, Exception), paid
        assert not isinstance(cancelled, Exception) or (
            isinstance(cancelled, ValidationError)
            and "refunded, not cancelled" in str(cancelled)
        ), cancelled
        order.refresh_from_db()
        payment = Payment.objects.get(order=order)
        # The money is recorded either way: on the paid order, or as taken after the
        # cancellation (finance is told to return it).
        assert payment.status == PaymentStatus.SUCCEEDED
        reasons = set(payment.status_changes.values_list("reason", flat=True))
        if order.status == OrderStatus.PAID:
            assert Reason.PAYMENT_MARKED_PAID in reasons
        else:
            assert order.status == OrderStatus.CANCELLED
            assert Reason.PAYMENT_AFTER_CANCEL in reasons
        outcomes.add(order.status)
    assert outcomes <= {OrderStatus.PAID, OrderStatus.CANCELLED}
