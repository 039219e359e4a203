"""Curators' delivery monitor and platform staff's subscription changes in the
Wagtail admin."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from accounts.services import membership_create
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories.buying import paid_subscription
from tests.factories.catalog import VendorFactory, published_listing
from vendors.models import Delivery
from vendors.webhooks import outbox
from vendors.webhooks.delivery import delivery_attempt
from vendors.webhooks.endpoints import endpoint_save

# Transactions commit, so events go out after commit as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def staff(client, role):
    user = UserFactory()
    membership_create(
        organization=OrganizationFactory(kind=OrganizationKind.PLATFORM),
        user=user,
        role=role,
    )
    client.force_login(user)
    return user


@pytest.fixture
def failing_vendor(receiver, settings):
    """A vendor whose endpoint failed a delivery for good."""
    settings.WEBHOOKS_RETRY_DELAYS = []
    vendor = VendorFactory()
    endpoint_save(vendor=vendor, url=receiver.url)
    receiver.answer(500, {"error": "down"})
    outbox.enqueue(vendor=vendor, event_type="ping", data={})
    return vendor


def test_curators_see_failing_endpoints_and_replay_a_failed_delivery(
    client, receiver, failing_vendor
):
    staff(client, Role.CURATOR)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"

    home = client.get("/cms/").content.decode()
    assert "1 delivery failed for good in 30 days." in home
    endpoints = client.get("/cms/webhooks/endpoints/").content.decode()
    assert failing_vendor.organization.name in endpoints
    assert "0 % of 1" in endpoints and "failing since" in endpoints
    # The vendor's listings show it in the review queue too.
    published_listing(title="Gauge One", vendor=failing_vendor)
    curator = client.session["_auth_user_id"]
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listings = client.get("/cms/snippets/marketplace/listing/").content.decode()
    assert "0 % of 1 delivered" in listings
    client.force_login(get_user_model().objects.get(pk=curator))
    failed = client.get("/cms/webhooks/deliveries/?status=failed").content.decode()
    assert f"/cms/webhooks/deliveries/edit/{delivery.pk}/" in failed

    replayed = client.post(
        f"/cms/webhooks/deliveries/edit/{delivery.pk}/", {"confirm": "on"}
    )

    assert replayed.status_code == 302
    assert Delivery.objects.get().status == "delivered"
    assert receiver.requests[-1]["headers"]["webhook-id"] == delivery.webhook_id


def test_buyers_and_vendors_have_no_monitor(client, failing_vendor):
    member = MembershipFactory(
        organization=failing_vendor.organization, role=Role.OWNER
    )
    client.force_login(member.user)
    assert client.get("/cms/webhooks/deliveries/").status_code in (302, 403)


def test_finance_suspends_and_curators_cancel_each_reaching_the_vendor(
    client, receiver
):
    vendor = VendorFactory()
    endpoint_save(vendor=vendor, url=receiver.url)
    receiver.default = (
        200,
        {"status": "provisioned", "access": {"url": "https://x.example"}},
        {},
        0.0,
    )
    subscription = paid_subscription(published_listing(vendor=vendor), quantity=1)
    subscription.refresh_from_db()
    assert subscription.status == "active"

    staff(client, Role.FINANCE)
    listing_page = client.get("/cms/subscriptions/").content.decode()
    assert f"/cms/subscriptions/edit/{subscription.pk}/" in listing_page
    refused = client.post(
        f"/cms/subscriptions/edit/{subscription.pk}/", {"action": "suspend"}
    )
    assert "Say why it is suspended." in refused.content.decode()
    suspended = client.post(
        f"/cms/subscriptions/edit/{subscription.pk}/",
        {"action": "suspend", "reason": "Invoice 90 days overdue", "confirm": "on"},
    )
    assert suspended.status_code == 302

    staff(client, Role.CURATOR)
    retention = (timezone.localdate() + timezone.timedelta(days=120)).isoformat()
    client.post(
        f"/cms/subscriptions/edit/{subscription.pk}/",
        {"action": "cancel", "data_retention_until": retention},
    )

    subscription.refresh_from_db()
    assert subscription.status == "cancelled"
    assert subscription.data_retention_until.isoformat() == retention
    types = [json.loads(r["body"])["type"] for r in receiver.requests]
    assert types == [
        "subscription.provision",
        "subscription.suspend",
        "subscription.cancel",
    ]
    assert (
        json.loads(receiver.requests[-1]["body"])["data"]["data_retention_until"]
        == retention
    )


def test_a_delivery_due_later_is_not_replayed_twice(client, receiver, failing_vendor):
    staff(client, Role.CURATOR)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status="pending", claimed_until=timezone.now() + timezone.timedelta(seconds=30)
    )
    page = client.post(
        f"/cms/webhooks/deliveries/edit/{delivery.pk}/", {"confirm": "on"}
    )
    assert "being sent right now" in page.content.decode()
    assert delivery_attempt(delivery.pk) == "skipped"
