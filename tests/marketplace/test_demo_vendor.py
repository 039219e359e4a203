"""The demo vendors' receiver (`manage.py run_demo_vendor`), run on 127.0.0.1: it
verifies deliveries, provisions SaaS at once and the rest by calling back, and fails
first attempts when told to."""

import threading
import time

import httpx
import pytest
from django.utils import timezone

from accounts.roles import Role
from marketplace.demo.vendor_receiver import (
    Receiver,
    demo_vendors_prepare,
    server_start,
)
from tests.factories import MembershipFactory
from tests.factories.buying import paid_subscription
from tests.factories.catalog import VendorFactory, published_listing
from vendors.models import Delivery, WebhookEndpoint
from vendors.webhooks.delivery import delivery_attempt

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server):
    receiver = Receiver(
        base_url="", site_url=live_server.url, fail_first=0.0, callback_delay=0.2
    )
    server = server_start(receiver, "127.0.0.1", 0)
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


def test_saas_is_provisioned_at_once_with_access_details(demo):
    vendor = VendorFactory()
    demo_vendors_prepare(demo)
    endpoint = WebhookEndpoint.objects.get(vendor=vendor)
    assert endpoint.url == f"{demo.base_url}/{vendor.organization.slug}/"

    subscription = paid_subscription(
        published_listing(vendor=vendor, deployment_model="saas")
    )

    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert subscription.access["url"].startswith("https://")
    assert subscription.access["password"]


def test_hardware_is_accepted_then_reported_through_the_api(demo):
    vendor = VendorFactory()
    demo_vendors_prepare(demo)

    subscription = paid_subscription(
        published_listing(vendor=vendor)
    )  # hardware plus SaaS

    subscription.refresh_from_db()
    assert subscription.status == "provisioning"
    for _ in range(100):  # the callback comes after 0.2 s
        subscription.refresh_from_db()
        if subscription.status == "active":
            break
        time.sleep(0.05)
    assert subscription.status == "active"
    assert subscription.instance_id.startswith(vendor.organization.slug)


def test_a_failed_first_attempt_is_retried_and_a_forged_one_refused(demo):
    demo.fail_first = 1.0
    vendor = VendorFactory()
    demo_vendors_prepare(demo)

    subscription = paid_subscription(
        published_listing(vendor=vendor, deployment_model="saas")
    )

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("pending", 500)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert delivery_attempt(delivery.pk) == "delivered"
    subscription.refresh_from_db()
    assert subscription.status == "active"

    forged = httpx.post(
        f"{demo.base_url}/{vendor.organization.slug}/",
        content=delivery.body,
        headers={
            "webhook-id": delivery.webhook_id,
            "webhook-timestamp": str(int(time.time())),
            "webhook-signature": "v1,bm90IGEgc2lnbmF0dXJl",
        },
    )
    assert forged.status_code == 401


def test_a_vendor_with_its_own_endpoint_is_left_alone(demo):
    vendor = VendorFactory()
    WebhookEndpoint.objects.create(
        vendor=vendor, url="https://hooks.vendor.example/agora", secret="whsec_eA=="
    )
    demo_vendors_prepare(demo)
    assert (
        WebhookEndpoint.objects.get(vendor=vendor).url
        == "https://hooks.vendor.example/agora"
    )
    assert vendor.organization.slug not in demo.vendors


def test_the_vendor_gets_a_secret_when_it_takes_its_endpoint_over(
    demo, receiver, api_client_for
):
    vendor = VendorFactory()
    demo_vendors_prepare(demo)
    owner = MembershipFactory(organization=vendor.organization, role=Role.OWNER)
    client = api_client_for(owner.user, vendor.organization)

    taken = client.put(
        "/api/v1/vendor/webhook-endpoint/", {"url": receiver.url}, format="json"
    )
    again = client.put(
        "/api/v1/vendor/webhook-endpoint/", {"url": receiver.url}, format="json"
    )

    assert taken.status_code == 200
    assert taken.json()["secret"].startswith("whsec_")
    assert "secret" not in again.json()
    assert WebhookEndpoint.objects.get(vendor=vendor).secret == taken.json()["secret"]
