"""A demo vendor's webhook receiver, for the embedded default (`make run`).

One HTTP server answers for every demo vendor, at `/<organization slug>/`. It does
what the integration guide asks of a vendor: it verifies each delivery with the
`standardwebhooks` library, answers the same `webhook-id` alike, provisions SaaS
listings at once (answering `provisioned` with access details) and the others later
(answering `accepted`, then calling back through the API), and, to show retries,
fails a share of first attempts with a 500.
"""

from __future__ import annotations

import json
import logging
import random
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from standardwebhooks import Webhook

from accounts.api_keys import api_key_create
from accounts.models import ApiKey, User
from accounts.roles import Role
from accounts.services import membership_create
from marketplace.models import Listing
from marketplace.models.catalog import DeploymentModel
from vendors.models import Vendor, VerificationStatus, WebhookEndpoint
from vendors.webhooks.endpoints import endpoint_save
from vendors.webhooks.signing import secrets_in_force

logger = logging.getLogger(__name__)

KEY_NAME = "Demo vendor receiver"


@dataclass
class DemoVendor:
    vendor_id: int
    slug: str
    api_key: str


@dataclass
class Receiver:
    """The receiver's state: the vendors it answers for and what it answered."""

    base_url: str
    site_url: str
    fail_first: float = 0.25
    callback_delay: float = 5.0
    vendors: dict[str, DemoVendor] = field(default_factory=dict)
    answers: dict[str, tuple[int, dict]] = field(default_factory=dict)
    failed_once: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def secrets_for(self, vendor_id: int) -> list[str]:
        endpoint = WebhookEndpoint.objects.filter(vendor_id=vendor_id).first()
        if endpoint is None:
            return []
        return secrets_in_force(endpoint, timezone.now())

    def verify(self, vendor: DemoVendor, body: bytes, headers: dict) -> dict | None:
        for secret in self.secrets_for(vendor.vendor_id):
            try:
                return Webhook(secret).verify(body, headers)
            except Exception:  # noqa: S112 - try the other secret in force
                continue
        return None

    def answer(
        self, vendor: DemoVendor, event: dict, webhook_id: str
    ) -> tuple[int, dict]:
        with self.lock:
            if webhook_id in self.answers:
                return self.answers[webhook_id]  # the same delivery, the same answer
            if webhook_id not in self.failed_once and random.random() < self.fail_first:  # noqa: S311
                self.failed_once.add(webhook_id)
                return 500, {"error": "demo: a failed first attempt, to show retries"}
        result = self._decide(vendor, event)
        with self.lock:
            self.answers[webhook_id] = result
        return result

    def _decide(self, vendor: DemoVendor, event: dict) -> tuple[int, dict]:
        if event.get("type") != "subscription.provision":
            return 200, {"status": "ok"}
        subscription = event["data"]["subscription"]
        listing = Listing.objects.filter(pk=subscription["listing"]["id"]).first()
        report = self.report(vendor, subscription)
        if listing is not None and listing.deployment_model == DeploymentModel.SAAS:
            return 200, report
        # Hardware and on-premise work takes a while: accept now, report later.
        timer = threading.Timer(
            self.callback_delay,
            self.callback,
            args=(vendor, subscription["id"], report),
        )
        timer.daemon = True
        timer.start()
        return 202, {"status": "accepted"}

    def report(self, vendor: DemoVendor, subscription: dict) -> dict:
        buyer = subscription["buyer"]["organization"]
        instance = f"{vendor.slug}-{subscription['id']}"
        return {
            "status": "provisioned",
            "instance_id": instance,
            "access": {
                "url": f"https://{vendor.slug}.vendors.agora.test/{instance}",
                "username": f"admin@{buyer['id']}",
                "password": secrets.token_urlsafe(12),
                "note": "Demo access: change the password at first login.",
            },
        }

    def callback(self, vendor: DemoVendor, subscription_id: int, report: dict) -> None:
        url = (
            f"{self.site_url}/api/v1/vendor/subscriptions/"
            f"{subscription_id}/provisioning/"
        )
        for attempt in range(5):
            try:
                response = httpx.post(
                    url,
                    json=report,
                    headers={"Authorization": f"Bearer {vendor.api_key}"},
                    timeout=10,
                )
            except httpx.TransportError as error:
                logger.warning("demo vendor: callback failed: %s", error)
            else:
                logger.info(
                    "demo vendor %s: reported subscription %s: %s",
                    vendor.slug,
                    subscription_id,
                    response.status_code,
                )
                if response.status_code < 500:
                    return
            time.sleep(2**attempt)


def demo_vendors_prepare(receiver: Receiver, *, only: list[str] | None = None) -> None:
    """Point each verified vendor without an endpoint elsewhere at this receiver, and
    give it a fulfilment member and an API key for its callbacks."""
    vendors = Vendor.objects.filter(status=VerificationStatus.VERIFIED).select_related(
        "organization"
    )
    if only:
        vendors = vendors.filter(organization__slug__in=only)
    for vendor in vendors:
        slug = vendor.organization.slug
        url = f"{receiver.base_url}/{slug}/"
        endpoint = WebhookEndpoint.objects.filter(vendor=vendor).first()
        if endpoint is not None and not endpoint.url.startswith(receiver.base_url):
            continue  # the vendor has a receiver of its own
        with transaction.atomic():
            if endpoint is None or endpoint.url != url:
                endpoint_save(vendor=vendor, url=url, by_vendor=False)
            # The demo's addresses are ours: no link could be followed, so the
            # account counts as confirmed (its API key works).
            user, _created = User.objects.get_or_create(
                email=f"fulfilment@{slug}.vendors.agora.test",
                defaults={
                    "first_name": "Demo",
                    "last_name": "Fulfilment",
                    "email_verified_at": timezone.now(),
                },
            )
            if not user.memberships.filter(organization=vendor.organization).exists():
                membership_create(
                    organization=vendor.organization, user=user, role=Role.FULFILMENT
                )
            ApiKey.objects.filter(user=user, name=KEY_NAME).delete()
            _key, secret = api_key_create(
                user=user, name=KEY_NAME, organization=vendor.organization
            )
        receiver.vendors[slug] = DemoVendor(vendor.pk, slug, secret)


def handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            close_old_connections()
            try:
                status, body = self._handle()
            finally:
                close_old_connections()
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _handle(self) -> tuple[int, dict]:
            vendor = receiver.vendors.get(self.path.strip("/"))
            if vendor is None:
                return 404, {"error": "no demo vendor here"}
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            event = receiver.verify(vendor, body, headers)
            if event is None:
                logger.warning("demo vendor %s: signature does not verify", vendor.slug)
                return 401, {"error": "the signature does not verify"}
            status, answer = receiver.answer(vendor, event, headers["webhook-id"])
            logger.info(
                "demo vendor %s: %s %s → %s",
                vendor.slug,
                event.get("type"),
                headers["webhook-id"],
                status,
            )
            return status, answer

        def log_message(self, format, *args):
            pass

    return Handler


def server_start(receiver: Receiver, host: str, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), handler_for(receiver))
    server.daemon_threads = True
    return server


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")
