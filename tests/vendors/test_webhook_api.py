"""The vendor's webhook API: endpoint settings with a secret shown once, rotation,
a test ping, the delivery log with filters and redelivery."""

import pytest
from rest_framework.test import APIClient
from standardwebhooks import Webhook

from accounts.roles import Role
from tests.factories import MembershipFactory
from tests.factories.accounts import ApiKeyFactory
from tests.factories.catalog import VendorFactory
from vendors.models import Delivery, Vendor, WebhookEndpoint

# Transactions commit, so events go out after commit as in production.
pytestmark = pytest.mark.django_db(transaction=True)

ENDPOINT = "/api/v1/vendor/webhook-endpoint/"


def api(role=Role.FULFILMENT, vendor=None):
    vendor = vendor or VendorFactory()
    membership = MembershipFactory(organization=vendor.organization, role=role)
    _key, secret = ApiKeyFactory.create(
        user=membership.user, organization=vendor.organization
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.vendor = vendor
    return client


def test_put_creates_the_endpoint_and_shows_its_secret_once(receiver):
    client = api()
    assert client.get(ENDPOINT).status_code == 404

    created = client.put(ENDPOINT, {"url": receiver.url}, format="json")

    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    shown = client.get(ENDPOINT).json()
    assert shown["url"] == receiver.url and shown["enabled"] is True
    assert "secret" not in shown
    assert shown["health"]["attempts"] == 0

    # Changing the URL keeps the secret; rotating answers a new one.
    moved = client.put(ENDPOINT, {"url": receiver.url + "/v2"}, format="json")
    assert moved.status_code == 200 and "secret" not in moved.json()
    rotated = client.put(
        ENDPOINT, {"url": receiver.url, "rotate_secret": True}, format="json"
    ).json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != secret
    assert rotated["previous_secret_until"] is not None

    # The test event is signed with both while the old one is in force.
    sent = client.post(ENDPOINT + "test/")
    assert sent.status_code == 202
    request = receiver.requests[-1]
    for key in (secret, rotated["secret"]):
        event = Webhook(key).verify(request["body"], request["headers"])
    assert event["type"] == "ping"
    assert request["headers"]["webhook-id"] == sent.json()["webhook_id"]


def test_a_private_address_is_refused_in_production(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    client = api()

    refused = client.put(ENDPOINT, {"url": "https://10.0.0.1/hooks"}, format="json")

    assert refused.status_code == 400
    assert "public internet" in str(refused.json())
    assert client.get(ENDPOINT).status_code == 404


def test_roles_without_webhooks_and_other_organizations_are_refused(receiver):
    assert api(role=Role.PUBLISHER).get(ENDPOINT).status_code == 403
    owner = api(role=Role.OWNER)
    owner.put(ENDPOINT, {"url": receiver.url}, format="json")
    owner.post(ENDPOINT + "test/")
    delivery = Delivery.objects.get()

    stranger = api()
    assert stranger.get(f"/api/v1/vendor/deliveries/{delivery.pk}/").status_code == 404
    assert (
        stranger.post(f"/api/v1/vendor/deliveries/{delivery.pk}/redeliver/").status_code
        == 404
    )
    assert stranger.get("/api/v1/vendor/deliveries/").json()["count"] == 0


def test_the_delivery_log_filters_and_redelivers(receiver):
    client = api()
    client.put(ENDPOINT, {"url": receiver.url}, format="json")
    receiver.answer(500, {"error": "down", "token": "abc123"})
    client.post(ENDPOINT + "test/")
    client.post(ENDPOINT + "test/")

    pending = client.get("/api/v1/vendor/deliveries/?status=pending").json()
    delivered = client.get("/api/v1/vendor/deliveries/?status=delivered").json()
    assert (pending["count"], delivered["count"]) == (1, 1)
    assert client.get("/api/v1/vendor/deliveries/?status=nope").status_code == 400
    assert client.get("/api/v1/vendor/deliveries/?event_type=ping").json()["count"] == 2

    failed_id = pending["results"][0]["id"]
    detail = client.get(f"/api/v1/vendor/deliveries/{failed_id}/").json()
    assert detail["body"]["type"] == "ping"
    (attempt,) = detail["attempts"]
    assert attempt["status_code"] == 500
    assert "abc123" not in attempt["response_body"]
    assert attempt["request_headers"]["webhook-id"] == detail["webhook_id"]

    redelivered = client.post(f"/api/v1/vendor/deliveries/{failed_id}/redeliver/")
    assert redelivered.status_code == 202
    assert Delivery.objects.get(pk=failed_id).status == "delivered"
    assert receiver.requests[-1]["headers"]["webhook-id"] == detail["webhook_id"]


@pytest.mark.parametrize("status", ["applied", "rejected", "suspended"])
def test_an_unverified_vendor_may_not_set_an_endpoint(receiver, status):
    client = api(vendor=VendorFactory(status=status))

    refused = client.put(ENDPOINT, {"url": receiver.url}, format="json")

    assert refused.status_code == 403
    assert refused.json()["errors"][0]["detail"] == (
        "Only vendors the curators have verified may set a webhook endpoint or "
        "send test events."
    )
    assert not WebhookEndpoint.objects.exists()


def test_a_vendor_no_longer_verified_may_not_move_or_ping_its_endpoint(receiver):
    client = api()
    client.put(ENDPOINT, {"url": receiver.url}, format="json")
    Vendor.objects.filter(pk=client.vendor.pk).update(status="suspended")

    moved = client.put(ENDPOINT, {"url": "https://93.184.215.14/hooks"}, format="json")
    pinged = client.post(ENDPOINT + "test/")

    assert (moved.status_code, pinged.status_code) == (403, 403)
    assert WebhookEndpoint.objects.get().url == receiver.url
    assert not Delivery.objects.exists()
    assert receiver.requests == []
    # Reading it is still allowed.
    assert client.get(ENDPOINT).status_code == 200


def test_test_events_are_limited_per_vendor(receiver, settings):
    settings.WEBHOOKS_TEST_EVENT_RATE = "2/hour"
    client = api()
    client.put(ENDPOINT, {"url": receiver.url}, format="json")
    colleague = api(vendor=client.vendor)
    other = api()
    other.put(ENDPOINT, {"url": receiver.url}, format="json")

    sent = [client.post(ENDPOINT + "test/"), client.post(ENDPOINT + "test/")]
    refused = colleague.post(ENDPOINT + "test/")

    assert [response.status_code for response in sent] == [202, 202]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Delivery.objects.filter(vendor=client.vendor).count() == 2
    # Another vendor's test events are counted apart.
    assert other.post(ENDPOINT + "test/").status_code == 202
