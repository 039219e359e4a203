import hashlib
import hmac
import json
import time

import httpx
import pytest

from accounts.roles import OrganizationKind, Role
from accounts.services import membership_create
from marketplace.services.listings import catalog_review_ensure
from tests.factories import OrganizationFactory, UserFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, vendor_member


@pytest.fixture
def review(db):
    """The review workflow; a transactional test may have flushed the migrations'."""
    return catalog_review_ensure()


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def vendor(db):
    return VendorFactory(organization__name="Lanxin IoT")


@pytest.fixture
def publisher(vendor):
    return vendor_member(vendor, Role.PUBLISHER)


@pytest.fixture
def curator(review):
    platform = OrganizationFactory(kind=OrganizationKind.PLATFORM)
    user = UserFactory()
    membership_create(organization=platform, user=user, role=Role.CURATOR)
    return user


def decide(listing, curator, action: str, comment: str = ""):
    """A curator's decision in the review workflow, as the Wagtail admin takes it."""
    task_state = listing.current_workflow_task_state
    task_state.task.specific.on_action(task_state, curator, action, comment=comment)


@pytest.fixture
def listing_factory(db):
    """Publish a listing with one plan (one-time, CNY 680.00 a device)."""
    from tests.factories.catalog import published_listing

    return published_listing


@pytest.fixture
def finance_user(db):
    platform = OrganizationFactory(kind=OrganizationKind.PLATFORM)
    user = UserFactory()
    membership_create(organization=platform, user=user, role=Role.FINANCE)
    return user


@pytest.fixture
def stripe_confirm(localstripe, settings):
    """Pay an intent at localstripe with a test card, as the buyer's browser would
    (without our server in the loop); answers the intent as Stripe sends it."""

    def confirm(intent_id: str, number: str = "4242424242424242") -> dict:
        auth = {"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"}
        card = httpx.post(
            f"{localstripe}/v1/payment_methods",
            headers=auth,
            data={
                "type": "card",
                "card[number]": number,
                "card[exp_month]": "12",
                "card[exp_year]": "2030",
                "card[cvc]": "123",
            },
        ).json()
        intent = f"{localstripe}/v1/payment_intents/{intent_id}"
        httpx.post(intent, headers=auth, data={"payment_method": card["id"]})
        return httpx.post(f"{intent}/confirm", headers=auth).json()

    return confirm


def _signed_post(client, settings, event: dict):
    payload = json.dumps(event)
    timestamp = int(time.time())
    signature = hmac.new(
        settings.STRIPE_WEBHOOK_SECRET.encode(),
        f"{timestamp}.{payload}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return client.post(
        "/webhooks/stripe/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}",
    )


def _event(event_id: str, kind: str, obj: dict | None) -> dict:
    event = {
        "id": event_id,
        "object": "event",
        "type": kind,
        "created": int(time.time()),
    }
    event["data"] = {} if obj is None else {"object": obj}
    return event


@pytest.fixture
def stripe_store(client, settings):
    """Post a signed Stripe event to our webhook; what it leaves for after commit
    (the task) does not run, as when the broker is down. An event without an object
    (`obj=None`) is one no handler can apply."""

    def store(event_id: str, kind: str, obj: dict | None):
        response = _signed_post(client, settings, _event(event_id, kind, obj))
        assert response.status_code == 200, response.content
        return response

    return store


@pytest.fixture
def stripe_send(client, settings, django_capture_on_commit_callbacks):
    """Post a signed Stripe event to our webhook and run what it leaves for after
    commit (handling the event, and whatever that enqueues)."""

    def send(event_id: str, kind: str, obj: dict | None):
        with django_capture_on_commit_callbacks(execute=True):
            response = _signed_post(client, settings, _event(event_id, kind, obj))
        assert response.status_code == 200, response.content
        return response

    return send


@pytest.fixture
def api_client_for(db):
    """An API client authenticated with a new key of this user in this
    organization."""
    from rest_framework.test import APIClient

    from tests.factories.accounts import ApiKeyFactory

    def make(user, organization) -> APIClient:
        _key, secret = ApiKeyFactory.create(user=user, organization=organization)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make
