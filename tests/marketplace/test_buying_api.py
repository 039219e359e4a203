"""Buying through the API: package → quote → approval → order → card payment at a
real localstripe, which calls our webhook on a live server; and the rules on the way
(separation of duties, expiry, one order per quote, other organizations see nothing).
"""

import time
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from accounts.roles import Role
from marketplace.models import Order, Quote, Subscription
from tests.factories import MembershipFactory, PlatformMemberFactory
from tests.factories.catalog import VendorFactory


@pytest.mark.django_db
def test_a_package_shows_totals_and_warnings(buyers, plans, compose):
    plans[0].max_quantity = 20
    plans[0].save()

    package = compose(buyers["requester"])

    # Both demo plans are one-time 680.00 per unit: 46 units.
    assert package["totals"]["one_time"] == {"amount": 46 * 68000, "currency": "CNY"}
    assert package["totals"]["first_year"] == package["totals"]["one_time"]
    assert [warning["code"] for warning in package["warnings"]] == ["quantity"]


@pytest.mark.django_db
def test_the_requester_cannot_approve_their_own_quote(buyers, compose):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/")
    assert quote.status_code == 201
    number = quote.json()["number"]

    refused = buyers["requester"].post(f"/api/v1/quotes/{quote.json()['id']}/approve/")
    approved = buyers["approver"].post(f"/api/v1/quotes/{quote.json()['id']}/approve/")

    assert refused.status_code == 403
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == buyers["approver_user"].email
    assert approved.json()["number"] == number


@pytest.mark.django_db
def test_a_quote_keeps_its_prices_and_expires(buyers, plans, compose):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    plans[0].unit_price = 99_999
    plans[0].save()

    again = buyers["requester"].get(f"/api/v1/quotes/{quote['id']}/").json()
    assert again["lines"] == quote["lines"]
    assert again["first_charge"] == quote["first_charge"]

    Quote.objects.filter(pk=quote["id"]).update(
        valid_until=timezone.now() - timedelta(seconds=1)
    )
    expired = buyers["approver"].post(f"/api/v1/quotes/{quote['id']}/approve/")
    assert expired.status_code == 400

    requote = (
        buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    )
    assert requote["number"] != quote["number"]
    assert requote["lines"][0]["unit_price"]["amount"] == 99_999


@pytest.mark.django_db
def test_ordering_twice_makes_one_order_and_others_see_nothing(
    buyers, compose, api_client_for
):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    buyers["approver"].post(f"/api/v1/quotes/{quote['id']}/approve/")

    first = buyers["requester"].post(
        f"/api/v1/quotes/{quote['id']}/order/", {"payment_method": "invoice"}
    )
    second = buyers["requester"].post(
        f"/api/v1/quotes/{quote['id']}/order/", {"payment_method": "invoice"}
    )

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Order.objects.count() == 1
    assert len(first.json()["vendor_orders"]) == 2
    order_id = first.json()["id"]
    for path in (
        f"/api/v1/packages/{package['id']}/",
        f"/api/v1/quotes/{quote['id']}/",
        f"/api/v1/orders/{order_id}/",
    ):
        assert buyers["other"].get(path).status_code == 404, path
    assert buyers["other"].get("/api/v1/subscriptions/").json() == []
    vendor = VendorFactory()
    owner = MembershipFactory(organization=vendor.organization, role=Role.OWNER).user
    vendor_client = api_client_for(owner, vendor.organization)
    assert vendor_client.get(f"/api/v1/orders/{order_id}/").status_code == 404


def test_a_card_purchase_is_paid_and_refunded_through_localstripe(
    transactional_db,
    live_server,
    localstripe,
    stripe_confirm,
    settings,
    buyers,
    compose,
    client,
):
    # localstripe signs the events it sends us with our webhook secret.
    httpx.post(
        f"{localstripe}/_config/webhooks/agora",
        data={
            "url": f"{live_server.url}/webhooks/stripe/",
            "secret": settings.STRIPE_WEBHOOK_SECRET,
        },
    ).raise_for_status()
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    buyers["approver"].post(f"/api/v1/quotes/{quote['id']}/approve/")

    order = (
        buyers["requester"]
        .post(f"/api/v1/quotes/{quote['id']}/order/", {"payment_method": "card"})
        .json()
    )
    payment = order["payment"]
    assert order["status"] == "pending_payment"
    assert payment["client_secret"].startswith(payment["payment_intent_id"])

    # The buyer's browser pays: a test card, confirmed at localstripe.
    confirmed = stripe_confirm(payment["payment_intent_id"])
    assert confirmed["status"] == "succeeded"
    auth = {"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"}
    intent = f"{localstripe}/v1/payment_intents/{payment['payment_intent_id']}"

    for _ in range(100):
        body = buyers["requester"].get(f"/api/v1/orders/{order['id']}/").json()
        if body["status"] == "paid":
            break
        time.sleep(0.1)
    assert body["status"] == "paid"
    assert len(body["vendor_orders"]) == 2
    subscriptions = buyers["requester"].get("/api/v1/subscriptions/").json()
    assert [item["status"] for item in subscriptions] == ["pending", "pending"]
    assert Subscription.objects.count() == 2

    # Finance refunds it from the Wagtail admin; Stripe (localstripe) returns the money.
    client.force_login(PlatformMemberFactory(role=Role.FINANCE))
    listing = client.get("/cms/finance/orders/").content.decode()
    refund_url = f"/cms/finance/orders/refund/{order['id']}/"
    assert refund_url in listing
    form = client.get(refund_url).content.decode()
    assert "Leave empty to refund all that is left" in form

    # An amount finer than the currency's cents is refused, and nothing is sent.
    refused = client.post(refund_url, {"amount": "10.005", "confirm": "on"})
    assert refused.status_code == 200
    assert "at most 2 decimals" in refused.content.decode()
    assert (
        httpx.get(intent, headers=auth).json()["latest_charge"]["amount_refunded"] == 0
    )

    # Part of it: the order stays paid, the list shows what went back.
    assert (
        client.post(refund_url, {"amount": "10.00", "confirm": "on"}).status_code == 302
    )
    body = buyers["requester"].get(f"/api/v1/orders/{order['id']}/").json()
    assert body["status"] == "paid"
    assert "CNY 10.00" in client.get("/cms/finance/orders/").content.decode()

    # The rest: the order is refunded, and Stripe returned all of it.
    assert client.post(refund_url, {"confirm": "on"}).status_code == 302
    body = buyers["requester"].get(f"/api/v1/orders/{order['id']}/").json()
    assert body["status"] == "refunded"
    paid = httpx.get(intent, headers=auth).json()
    assert paid["latest_charge"]["amount_refunded"] == body["amount"]["amount"]


@pytest.mark.django_db
def test_listing_packages_takes_the_same_queries_for_one_or_many(buyers, compose):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = buyers["requester"].get("/api/v1/packages/")
        assert response.status_code == 200
        return len(context.captured_queries)

    compose(buyers["requester"])
    one = queries()
    for _ in range(3):
        compose(buyers["requester"])

    assert queries() == one
    listed = buyers["requester"].get("/api/v1/packages/").json()
    assert [package["totals"]["one_time"]["amount"] for package in listed] == [
        46 * 68000
    ] * 4
