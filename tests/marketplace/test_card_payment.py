"""Paying a card order on its page, against a real localstripe: the browser's token
is saved on the organization's Stripe customer and the intent confirmed on the
server; declines are explained and can be retried; 3-D Secure completes in the
browser and is read back; Stripe out of reach records nothing."""

import httpx
import pytest
from django.utils import translation

from accounts.roles import OrganizationKind, Role
from marketplace.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    StripeCustomer,
)
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import PlanFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def order_for(client, buyer_org, approver):
    """`order_for(payment_method="card")`: a new order of 3 units of one plan by
    Riverside County, waiting for payment; the county's approver is signed in."""
    client.force_login(approver)
    plan = PlanFactory()

    def order(payment_method=PaymentMethod.CARD) -> Order:
        return OrderFactory(
            organization=buyer_org, payment_method=payment_method, lines=[(plan, 3)]
        )

    return order


def pay(client, order, **data):
    return client.post(f"/orders/{order.pk}/pay/", data, **JSON).json()


def test_the_order_page_offers_the_card_form_with_stripe_js(
    client, localstripe, order_for
):
    order = order_for()
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert 'id="card-payment"' in page
    assert f'<script src="{localstripe}/js.stripe.com/v3/"></script>' in page
    assert 'data-publishable-key="pk_test_' in page
    # Without JavaScript the pay button stays disabled and the page says why.
    assert "Paying by card needs JavaScript" in page


def test_a_card_pays_the_order_at_once(client, localstripe, card_token, order_for):
    order = order_for()

    answer = pay(client, order, card_token=card_token())

    assert answer == {"status": "succeeded", "redirect": f"/orders/{order.pk}/"}
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.payments.get().status == "succeeded"
    # The intent at Stripe is paid, by a card saved on the organization's customer.
    customer = StripeCustomer.objects.get(organization=order.organization)
    intent = httpx.get(
        f"{localstripe}/v1/payment_intents/{order.payments.get().payment_intent_id}",
        headers={"Authorization": "Bearer sk_test_agora"},
    ).json()
    assert intent["status"] == "succeeded"
    assert intent["customer"] == customer.customer_id
    assert intent["amount"] == order.amount

    # The next order of the organization pays as the same customer.
    pay(client, order_for(), card_token=card_token())
    assert StripeCustomer.objects.count() == 1
    # The page no longer offers to pay.
    assert (
        'id="card-payment"' not in client.get(f"/orders/{order.pk}/").content.decode()
    )


def test_a_declined_card_is_explained_and_another_card_pays(
    client, localstripe, card_token, order_for, django_capture_on_commit_callbacks
):
    order = order_for()

    declined = pay(client, order, card_token=card_token("4000000000000002"))

    assert declined["status"] == "failed"
    assert declined["message"].startswith("The card was declined.")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    payment = order.payments.get()
    assert (payment.status, payment.failure_code) == ("failed", "card_declined")
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert "The card was declined." in page
    assert 'id="card-payment"' in page

    # A decline when charging (not when saving the card), then a good card.
    with django_capture_on_commit_callbacks(execute=True):
        second = pay(client, order, card_token=card_token("4000000000000341"))
        third = pay(client, order, card_token=card_token())
    assert (second["status"], third["status"]) == ("failed", "succeeded")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    # Each attempt is on the record; the failed ones' intents can never be charged.
    attempts = list(order.payments.order_by("pk"))
    assert [(p.status, p.failure_code) for p in attempts] == [
        ("failed", "card_declined"),
        ("failed", "card_declined"),
        ("succeeded", ""),
    ]
    for attempt in attempts[:2]:
        intent = httpx.get(
            f"{localstripe}/v1/payment_intents/{attempt.payment_intent_id}",
            headers={"Authorization": "Bearer sk_test_agora"},
        ).json()
        assert intent["status"] == "canceled"


def test_the_reason_is_shown_in_the_buyers_language(
    client, localstripe, card_token, order_for
):
    order = order_for()
    pay(client, order, card_token=card_token("4000000000000002"))

    with translation.override("ja"):
        reason = Payment.objects.get(order=order).failure_reason
    assert reason != Payment.objects.get(order=order).failure_reason
    assert "カード" in reason


def test_3d_secure_completes_in_the_browser_and_is_read_back(
    client, localstripe, card_token, order_for
):
    order = order_for()

    answer = pay(client, order, card_token=card_token("4000002760003184"))

    assert answer["status"] == "requires_action"
    intent_id = order.payments.get().payment_intent_id
    assert answer["client_secret"].startswith(f"{intent_id}_secret_")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT

    # What Stripe.js does when the cardholder completes the challenge.
    httpx.post(
        f"{localstripe}/v1/payment_intents/{intent_id}/_authenticate?success=true",
        json={"key": "pk_test_agora", "client_secret": answer["client_secret"]},
    ).raise_for_status()

    assert pay(client, order, refresh="1")["status"] == "succeeded"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_failed_3d_secure_challenge_is_explained(
    client, localstripe, card_token, order_for
):
    order = order_for()
    answer = pay(client, order, card_token=card_token("4000002760003184"))
    intent_id = order.payments.get().payment_intent_id
    httpx.post(
        f"{localstripe}/v1/payment_intents/{intent_id}/_authenticate?success=false",
        json={"key": "pk_test_agora", "client_secret": answer["client_secret"]},
    ).raise_for_status()

    refreshed = pay(client, order, refresh="1")

    assert refreshed["status"] == "failed"
    assert refreshed["message"].startswith("The card's authentication failed.")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT


def test_stripe_out_of_reach_records_nothing(
    client, localstripe, card_token, order_for, settings
):
    order = order_for()
    client.get(f"/orders/{order.pk}/")  # the intent exists
    token = card_token()
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    answer = pay(client, order, card_token=token)

    assert answer["status"] == "failed"
    assert "cannot be reached" in answer["message"]
    payment = order.payments.get()
    assert (payment.status, payment.failure_code) == ("pending", "")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT


def test_what_cannot_be_paid_by_card_is_refused(
    client, localstripe, card_token, order_for
):
    invoice = order_for(payment_method="invoice")
    assert pay(client, invoice, card_token=card_token()) == {
        "status": "failed",
        "message": "This order is paid by invoice.",
        "redirect": f"/orders/{invoice.pk}/",
    }
    order = order_for()
    assert pay(client, order, card_token="not-a-token")["status"] == "failed"
    assert order.payments.get().status == "pending"

    # Without JavaScript (no JSON asked): back to the order page with the reason.
    response = client.post(f"/orders/{invoice.pk}/pay/", {"card_token": card_token()})
    assert response.status_code == 302
    assert (
        "This order is paid by invoice."
        in client.get(response["Location"]).content.decode()
    )


def test_another_organization_cannot_pay_or_see_the_order(
    client, localstripe, card_token, order_for
):
    order = order_for()
    stranger = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER),
        role=Role.APPROVER,
    )
    client.force_login(stranger.user)

    response = client.post(
        f"/orders/{order.pk}/pay/", {"card_token": card_token()}, **JSON
    )

    assert response.status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT
