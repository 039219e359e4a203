"""API v1 answers as its OpenAPI schema says: schemathesis generates requests for
every operation from /api/v1/schema/ and sends them to the WSGI app in-process, as
an anonymous caller, a requester, an approver and a vendor, each with an API key,
over a database with a published listing, a package, quotes, an order and its
subscription. Every answer must be documented (status code, content type, headers)
and match its schema, and none may be a server error."""

from __future__ import annotations

import socket

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from accounts.api_keys import api_key_create
from accounts.roles import Role
from config.wsgi import application
from marketplace.models import Subscription
from marketplace.services import approvals as approval_services
from marketplace.services import orders as order_services
from marketplace.services import packages as package_services
from marketplace.services import quotes as quote_services
from marketplace.services.listings import listing_create
from marketplace.services.payments.attempts import payment_succeeded
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.factories.catalog import VendorFactory, published_listing
from vendors.models import Delivery
from vendors.webhooks.endpoints import endpoint_save

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 4

# Two checks judge what the API accepts rather than what it answers, and the API
# does not meet them by design: it tolerates some values outside their documented
# types (an empty or non-numeric `page_size` is the default one, a larger one is
# capped, `since` takes any ISO 8601 form), and it refuses well-formed requests
# that break rules a schema cannot say (a category slug that does not exist, a
# webhook URL that does not resolve, a quote that is not approved yet). What it
# answers in those cases is still checked against the schema.
EXCLUDED_CHECKS = [negative_data_rejection, positive_data_acceptance]


@pytest.fixture(autouse=True)
def _in_process(monkeypatch):
    """Requests go through the WSGI handler, which closes the database connection
    after each request (Django's test client turns that off too); throttles would
    answer 429 to most of a run; and a webhook URL generated for the vendor's
    endpoint must not send DNS queries out: only loopback names resolve."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    monkeypatch.setattr(SimpleRateThrottle, "get_rate", lambda self: None)
    resolve = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in ("localhost", "127.0.0.1", "::1"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def marketplace(requester, approver, buyer_org, localstripe):
    """What the callers act on: a vendor's published listing with a plan; a buyer's
    package of it, an ordered quote (paid: a subscription, announced to the vendor)
    and an open one; API keys of each caller; and the ids of real records. Card
    orders reach a real localstripe: the approver approves the open quote, and its
    order with a card is then made."""
    vendor = VendorFactory()
    owner = MembershipFactory(organization=vendor.organization, role=Role.OWNER).user
    endpoint_save(vendor=vendor, url="http://127.0.0.1:9/hooks")
    listing = published_listing(vendor=vendor)
    # A draft says little yet: blank choices are part of the contract.
    listing_create(
        vendor=vendor,
        user=owner,
        data={"title": "Half-written", "category": listing.category},
    )
    buyer = requester.memberships.get()
    package = package_services.package_create(
        membership=buyer, name="Pilot district", budget=10_000_000
    )
    # A pilot, then a rollout: the pilot is ordered and paid, the rollout quoted.
    for phase, quantity in ((1, 12), (2, 40)):
        package_services.package_line_add(
            membership=buyer,
            package=package,
            plan_id=listing.plans.get().pk,
            quantity=quantity,
            phase=phase,
        )
    quote = quote_services.quote_create(membership=buyer, package=package)
    approval_services.quote_approve(membership=approver.memberships.get(), quote=quote)
    order = order_services.order_place(
        membership=buyer, quote=quote, payment_method="invoice"
    ).order
    payment_succeeded(payment=order.payments.get(), amount=order.amount)
    open_quote = quote_services.quote_create(membership=buyer, package=package)
    keys = {
        "requester": api_key_create(user=requester, name="c", organization=buyer_org),
        "approver": api_key_create(user=approver, name="c", organization=buyer_org),
        "vendor": api_key_create(
            user=owner, name="c", organization=vendor.organization
        ),
    }
    ids = {
        "/api/v1/listings/{slug}/": {"slug": listing.slug},
        "/api/v1/packages/{id}/": {"id": package.pk},
        "/api/v1/packages/{id}/lines/": {"id": package.pk},
        "/api/v1/packages/{id}/quote/": {"id": package.pk},
        "/api/v1/packages/{id}/phases/": {"id": package.pk},
        "/api/v1/packages/{id}/phases/{number}/": {"id": package.pk, "number": 1},
        "/api/v1/packages/{id}/dossier/": {"id": package.pk},
        "/api/v1/packages/{id}/ocds/": {"id": package.pk},
        "/api/v1/quotes/{id}/": {"id": open_quote.pk},
        "/api/v1/quotes/{id}/approve/": {"id": open_quote.pk},
        "/api/v1/quotes/{id}/return/": {"id": open_quote.pk},
        "/api/v1/quotes/{id}/reject/": {"id": open_quote.pk},
        "/api/v1/quotes/{id}/order/": {"id": open_quote.pk},
        "/api/v1/quotes/{id}/release/": {"id": open_quote.pk},
        "/api/v1/orders/{id}/": {"id": order.pk},
        "/api/v1/vendor/listings/{id}/": {"id": listing.pk},
        "/api/v1/vendor/listings/{id}/submit/": {"id": listing.pk},
        "/api/v1/vendor/deliveries/{id}/": {"id": Delivery.objects.get().pk},
        "/api/v1/vendor/deliveries/{id}/redeliver/": {"id": Delivery.objects.get().pk},
        "/api/v1/vendor/subscriptions/{id}/provisioning/": {
            "id": Subscription.objects.get().pk
        },
        "/api/v1/subscriptions/{id}/": {"id": Subscription.objects.get().pk},
        # The requester is told the pilot's order is paid.
        "/api/v1/notifications/{id}/read/": {
            "id": Notification.objects.filter(recipient=requester).first().pk
        },
    }
    return {"keys": {name: key for name, (_, key) in keys.items()}, "ids": ids}


def _failures(label: str, strategy, headers: dict) -> list[str]:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)

    try:
        check()
    except Unsatisfiable:
        # Nothing of the operation can be made invalid (no parameters, no body).
        return []
    except FailureGroup as group:
        return [f"{label}: {group}"]
    return []


@pytest.mark.parametrize("caller", ["anonymous", "requester", "approver", "vendor"])
def test_api_v1_answers_as_its_schema_says(caller, marketplace):
    headers = {}
    if caller != "anonymous":
        headers = {"Authorization": f"Bearer {marketplace['keys'][caller]}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in schemathesis.GenerationMode:
            failures += _failures(
                f"{operation.label} ({mode})",
                operation.as_strategy(generation_mode=mode),
                headers,
            )
        # And on records that exist, so that answers other than 404 are met too.
        if real := marketplace["ids"].get(operation.path):
            failures += _failures(
                f"{operation.label} on {real}",
                operation.as_strategy(path_parameters=real),
                headers,
            )

    assert not failures, "\n\n".join(failures)
