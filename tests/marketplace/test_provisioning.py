"""Provisioning through vendor webhooks, against a real HTTP receiver: a paid order
tells each vendor what to provision; the vendor answers at once or calls back; the
buyer sees access details; staff suspend, resume, renew and cancel, each change
reaching the vendor in order."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from standardwebhooks import Webhook

from accounts.roles import OrganizationKind, Role
from marketplace.models import Subscription, SubscriptionStatus
from marketplace.services import subscriptions
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
    UserFactory,
)
from tests.factories.buying import OrderFactory
from tests.factories.catalog import VendorFactory, published_listing
from vendors.models import Delivery
from vendors.webhooks.delivery import delivery_attempt
from vendors.webhooks.endpoints import endpoint_save

pytestmark = pytest.mark.django_db

PROVISIONED = {
    "status": "provisioned",
    "instance_id": "cam-cluster-7",
    "access": {
        "url": "https://cams.vendor.example/riverside",
        "username": "riverside-admin",
        "password": "s3cret-pass",
        "note": "Change the password at first login.",
    },
}


@pytest.fixture
def county():
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")


@pytest.fixture
def buyer(county):
    return MembershipFactory(organization=county, role=Role.APPROVER)


@pytest.fixture
def vendor(receiver):
    vendor = VendorFactory()
    _endpoint, secret = endpoint_save(vendor=vendor, url=receiver.url)
    vendor.webhook_secret = secret
    return vendor


@pytest.fixture
def listing(vendor):
    return published_listing(title="City Eye", slug="eye", vendor=vendor)


@pytest.fixture
def paid(buyer, listing, django_capture_on_commit_callbacks):
    """The buyer orders 3 units, paid by invoice: the subscription, its events sent."""

    def pay() -> Subscription:
        with django_capture_on_commit_callbacks(execute=True):
            order = OrderFactory(
                organization=buyer.organization,
                placed_by=buyer.user,
                lines=[(listing.plans.get(), 3)],
                paid=True,
            )
        return Subscription.objects.get(order_line__vendor_order__order=order)

    return pay


def events(receiver) -> list[dict]:
    return [json.loads(request["body"]) for request in receiver.requests]


def test_a_paid_line_is_provisioned_and_the_buyer_sees_its_access(
    receiver, vendor, buyer, county, paid, api_client_for
):
    receiver.answer(200, PROVISIONED)

    subscription = paid()

    request = receiver.requests[0]
    event = Webhook(vendor.webhook_secret).verify(request["body"], request["headers"])
    assert event["type"] == "subscription.provision"
    data = event["data"]["subscription"]
    assert data["id"] == subscription.pk
    assert data["listing"]["slug"] == "eye"
    assert data["quantity"] == 3
    assert data["buyer"]["organization"]["name"] == "Riverside County"
    assert data["buyer"]["contact"]["email"] == buyer.user.email
    assert data["term_start"] == timezone.localdate().isoformat()
    assert data["test"] is False

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    api = api_client_for(buyer.user, county)
    listed = api.get("/api/v1/subscriptions/").json()
    assert listed[0]["status"] == "active"
    # The initial password is masked until a member reveals it.
    assert listed[0]["access"]["password"] is None
    revealed = api.post(listed[0]["access"]["password_reveal_url"]).json()
    assert {key: revealed[key] for key in PROVISIONED["access"]} == PROVISIONED[
        "access"
    ]

    # Another organization sees none of it, and the password is not in the log.
    stranger = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER)
    )
    assert (
        api_client_for(stranger.user, stranger.organization)
        .get("/api/v1/subscriptions/")
        .json()
        == []
    )
    attempt = Delivery.objects.get().attempts.get()
    assert "s3cret-pass" not in attempt.response_body


def test_accepted_then_the_callback_activates_it_once(
    receiver, vendor, paid, api_client_for
):
    receiver.answer(202, None)
    subscription = paid()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PROVISIONING

    fulfilment = MembershipFactory(
        organization=vendor.organization, role=Role.FULFILMENT
    )
    client = api_client_for(fulfilment.user, vendor.organization)
    url = f"/api/v1/vendor/subscriptions/{subscription.pk}/provisioning/"

    first = client.post(url, PROVISIONED, format="json")
    again = client.post(url, PROVISIONED, format="json")
    conflict = client.post(
        url, {**PROVISIONED, "instance_id": "another"}, format="json"
    )

    assert first.status_code == 200, first.content
    assert first.json()["subscription"]["status"] == "active"
    assert again.status_code == 200
    assert again.json() == first.json()
    assert conflict.status_code == 409
    subscription.refresh_from_db()
    assert subscription.instance_id == "cam-cluster-7"

    # Another vendor's member cannot report it.
    other = VendorFactory()
    owner = MembershipFactory(organization=other.organization, role=Role.OWNER)
    assert (
        api_client_for(owner.user, other.organization)
        .post(url, PROVISIONED, format="json")
        .status_code
        == 404
    )
    # The vendor's list shows it.
    listed = client.get("/api/v1/vendor/subscriptions/?status=active").json()
    assert [item["subscription"]["id"] for item in listed["results"]] == [
        subscription.pk
    ]


def test_the_callback_takes_a_form_encoded_report(
    receiver, vendor, paid, api_client_for
):
    receiver.answer(202, None)
    subscription = paid()
    fulfilment = MembershipFactory(
        organization=vendor.organization, role=Role.FULFILMENT
    )
    client = api_client_for(fulfilment.user, vendor.organization)
    url = f"/api/v1/vendor/subscriptions/{subscription.pk}/provisioning/"

    response = client.post(
        url,
        {
            "status": "provisioned",
            "instance_id": "cam-cluster-7",
            "access.url": "https://cams.vendor.example/riverside",
            "access.username": "riverside-admin",
        },
    )

    assert response.status_code == 200, response.content
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.instance_id == "cam-cluster-7"
    assert subscription.access == {
        "url": "https://cams.vendor.example/riverside",
        "username": "riverside-admin",
    }


def test_a_500_is_retried_with_the_same_webhook_id(receiver, vendor, paid):
    receiver.answer(500, {"error": "busy"})
    subscription = paid()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"

    receiver.answer(200, PROVISIONED)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert delivery_attempt(delivery.pk) == "delivered"

    first, second = receiver.requests
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


def test_a_failed_provisioning_tells_the_buyer_and_curators(
    receiver, vendor, buyer, paid, settings
):
    curator = PlatformMemberFactory(role=Role.CURATOR)
    finance = PlatformMemberFactory(role=Role.FINANCE)
    receiver.answer(200, {"status": "failed", "reason": "No coverage at the site."})

    subscription = paid()

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.FAILED
    assert subscription.failure_reason == "No coverage at the site."
    told = [m for m in mail.outbox if "could not be provisioned" in m.subject]
    # The curators by mail, the buyers in a notification e-mailed to each.
    curators = next(m for m in told if m.to == [curator.email])
    assert "No coverage at the site." in curators.body
    buyers = next(m for m in told if m.to == [buyer.user.email])
    assert "No coverage at the site." in buyers.body
    # An invoice order: finance is asked to credit the line.
    credit = next(m for m in mail.outbox if "Credit due" in m.subject)
    assert credit.to == [finance.email]
    assert subscription.refunded > 0


def test_an_undeliverable_provisioning_shows_as_delayed(
    receiver, vendor, buyer, county, paid, settings, api_client_for
):
    settings.WEBHOOKS_RETRY_DELAYS = [5]
    receiver.default = (503, None, {}, 0.0)
    subscription = paid()
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    assert delivery_attempt(delivery.pk) == "failed"

    listed = api_client_for(buyer.user, county).get("/api/v1/subscriptions/").json()
    assert listed[0]["provisioning_delayed"] is True
    assert listed[0]["access"] is None
    assert Subscription.objects.get(pk=subscription.pk).status == "pending"


def test_staff_suspend_resume_renew_and_cancel_each_reach_the_vendor_in_order(
    receiver, vendor, paid, django_capture_on_commit_callbacks
):
    receiver.answer(200, PROVISIONED)
    subscription = paid()
    staff = UserFactory(is_superuser=True)
    new_end = subscription.term_end + timedelta(days=365)

    with django_capture_on_commit_callbacks(execute=True):
        subscriptions.subscription_suspend(
            user=staff, subscription=subscription, reason="Invoice overdue"
        )
        subscriptions.subscription_resume(user=staff, subscription=subscription)
        subscriptions.subscription_renew(
            user=staff, subscription=subscription, term_end=new_end
        )
        subscriptions.subscription_update(
            user=staff, subscription=subscription, quantity=5
        )
        subscriptions.subscription_cancel(
            user=staff,
            subscription=subscription,
            data_retention_until=date.today() + timedelta(days=60),
        )

    sent = events(receiver)
    assert [event["type"] for event in sent] == [
        "subscription.provision",
        "subscription.suspend",
        "subscription.resume",
        "subscription.renew",
        "subscription.update",
        "subscription.cancel",
    ]
    assert sent[1]["data"]["reason"] == "Invoice overdue"
    assert sent[4]["data"]["subscription"]["quantity"] == 5
    assert sent[4]["data"]["previous"] == {"quantity": 3}
    assert sent[3]["data"]["subscription"]["term_end"] == new_end.isoformat()
    assert (
        sent[5]["data"]["data_retention_until"]
        == (date.today() + timedelta(days=60)).isoformat()
    )
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED

    # A cancelled subscription goes nowhere else; nothing more is sent.
    with pytest.raises(Exception, match="cannot become"):
        subscriptions.subscription_suspend(
            user=staff, subscription=subscription, reason="late"
        )
    assert len(receiver.requests) == 6


def test_only_staff_change_subscriptions_and_buyers_ask_to_cancel(
    receiver, vendor, buyer, paid
):
    receiver.answer(200, PROVISIONED)
    subscription = paid()

    with pytest.raises(Exception, match="platform staff"):
        subscriptions.subscription_suspend(
            user=buyer.user, subscription=subscription, reason="no"
        )
    asked = subscriptions.subscription_cancel_request(
        membership=buyer, subscription=subscription, note="Pilot ends in March."
    )
    assert asked.cancellation_requested_at is not None
    assert asked.status == SubscriptionStatus.ACTIVE
