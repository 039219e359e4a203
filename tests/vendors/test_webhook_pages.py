"""The vendor portal's webhook pages and subscriptions to provision, and the buyer's
subscription pages with access details."""

import pytest
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from marketplace.models import Subscription
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import paid_subscription, self_approving_buyer
from tests.factories.catalog import VendorFactory, published_listing
from vendors.models import Delivery, WebhookEndpoint

# Transactions commit, so events go out after commit as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def fulfilment(client, vendor):
    membership = MembershipFactory(
        organization=vendor.organization, role=Role.FULFILMENT
    )
    client.force_login(membership.user)
    return membership


def test_the_endpoint_is_created_with_its_secret_shown_once(
    client, fulfilment, receiver
):
    page = client.get("/vendor/webhooks/")
    assert page.status_code == 200
    assert "Create the endpoint" in page.content.decode()

    created = client.post("/vendor/webhooks/", {"action": "save", "url": receiver.url})

    assert created.status_code == 200
    html = created.content.decode()
    assert 'id="webhook-secret"' in html and "whsec_" in html
    again = client.get("/vendor/webhooks/").content.decode()
    assert "whsec_" not in again
    assert "Send a test event" in again

    pinged = client.post("/vendor/webhooks/", {"action": "ping"}, follow=True)
    assert "A ping is on its way" in pinged.content.decode()
    delivery = Delivery.objects.get()
    assert delivery.status == "delivered"
    log = client.get("/vendor/webhooks/?status=delivered&event_type=ping").content
    assert delivery.webhook_id in log.decode()
    assert (
        delivery.webhook_id
        not in client.get("/vendor/webhooks/?status=failed").content.decode()
    )

    detail = client.get(f"/vendor/webhooks/deliveries/{delivery.pk}/").content.decode()
    assert "Attempt 1" in detail
    client.post(f"/vendor/webhooks/deliveries/{delivery.pk}/")
    assert len(receiver.requests) == 2
    assert receiver.requests[1]["headers"]["webhook-id"] == delivery.webhook_id


def test_a_refused_url_is_explained_and_nothing_is_saved(client, fulfilment, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.WEBHOOKS_REQUIRE_HTTPS = True

    page = client.post(
        "/vendor/webhooks/", {"action": "save", "url": "https://192.168.1.1/hooks"}
    )

    assert page.status_code == 200
    assert "public internet" in page.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_turning_the_endpoint_off_and_on(client, fulfilment, receiver):
    client.post("/vendor/webhooks/", {"action": "save", "url": receiver.url})

    off = client.post("/vendor/webhooks/", {"action": "disable"}, follow=True)
    assert "events wait" in off.content.decode()
    on = client.post("/vendor/webhooks/", {"action": "enable"}, follow=True)
    assert "waiting events go out now" in on.content.decode()


def test_an_unverified_vendor_is_told_it_cannot_set_an_endpoint_yet(
    client, vendor, fulfilment, receiver
):
    vendor.status = "applied"
    vendor.save()

    page = client.get("/vendor/webhooks/").content.decode()
    refused = client.post(
        "/vendor/webhooks/", {"action": "save", "url": receiver.url}, follow=True
    )
    pinged = client.post("/vendor/webhooks/", {"action": "ping"}, follow=True)

    explanation = (
        "Only vendors the curators have verified may set a webhook endpoint or "
        "send test events."
    )
    assert explanation in page
    assert "Create the endpoint" not in page
    assert explanation in refused.content.decode()
    assert explanation in pinged.content.decode()
    assert not WebhookEndpoint.objects.exists()
    assert receiver.requests == []


def test_test_events_from_the_portal_are_limited(
    client, fulfilment, receiver, settings
):
    settings.WEBHOOKS_TEST_EVENT_RATE = "1/hour"
    client.post("/vendor/webhooks/", {"action": "save", "url": receiver.url})
    client.post("/vendor/webhooks/", {"action": "ping"}, follow=True)

    again = client.post("/vendor/webhooks/", {"action": "ping"}, follow=True)

    assert "Too many test events" in again.content.decode()
    assert Delivery.objects.count() == 1


def test_a_publisher_sees_no_webhooks(client, vendor):
    publisher = MembershipFactory(organization=vendor.organization, role=Role.PUBLISHER)
    client.force_login(publisher.user)
    assert client.get("/vendor/webhooks/").status_code == 403
    assert client.get("/vendor/subscriptions/").status_code == 403


def test_the_vendor_reports_provisioning_and_the_buyer_sees_access(
    client, vendor, fulfilment, receiver
):
    receiver.default = (202, None, {}, 0.0)
    client.post("/vendor/webhooks/", {"action": "save", "url": receiver.url})
    buyer = self_approving_buyer(name="Riverside County")
    listing = published_listing(title="City Eye", slug="eye", vendor=vendor)
    subscription = paid_subscription(listing, buyer=buyer)
    subscription.refresh_from_db()
    assert subscription.status == "provisioning"

    listed = client.get("/vendor/subscriptions/?status=provisioning").content.decode()
    assert "City Eye" in listed and "Riverside County" in listed
    reported = client.post(
        f"/vendor/subscriptions/{subscription.pk}/",
        {
            "status": "provisioned",
            "instance_id": "eye-42",
            "url": "https://eye.vendor.example/riverside",
            "username": "riverside",
            "password": "first-login-pw",
        },
        follow=True,
    )
    assert "Reported" in reported.content.decode()
    assert Subscription.objects.get().status == "active"

    client.force_login(buyer.user)
    page = client.get(f"/subscriptions/{subscription.pk}/").content.decode()
    assert "https://eye.vendor.example/riverside" in page
    assert "first-login-pw" in page
    assert "Ask to cancel" in page
    asked = client.post(
        f"/subscriptions/{subscription.pk}/", {"note": "Pilot ends."}, follow=True
    )
    assert "Your request is sent" in asked.content.decode()
    assert Subscription.objects.get().cancellation_requested_at <= timezone.now()

    # A member of another organization sees nothing of it.
    stranger = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER),
        role=Role.APPROVER,
    )
    client.force_login(stranger.user)
    assert client.get(f"/subscriptions/{subscription.pk}/").status_code == 404
