import hashlib
import hmac
import json
import time
from datetime import UTC, datetime

import httpx
import pytest
import time_machine
from bs4 import BeautifulSoup

from accounts.roles import OrganizationKind, Role
from marketplace.models import Listing, Subscription
from marketplace.services.listings import listing_review_workflow
from reviews.services import Draft, review_write
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
)
from tests.factories.buying import QuoteFactory, SubscriptionFactory
from tests.factories.catalog import (
    CategoryFactory,
    PlanFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)


@pytest.fixture
def review(db):
    """The review workflow; a transactional test may have flushed the migrations'."""
    return listing_review_workflow()


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
    return PlatformMemberFactory(role=Role.CURATOR)


@pytest.fixture
def decide(curator):
    """`decide(listing, action, comment="")`: the curator's decision on the listing's
    current review task ("approve", "reject"), as the Wagtail admin takes it."""

    def take(listing: Listing, action: str, comment: str = "") -> None:
        task_state = Listing.objects.get(pk=listing.pk).current_workflow_task_state
        task_state.task.specific.on_action(task_state, curator, action, comment=comment)

    return take


# Buying through the API ------------------------------------------------------------


@pytest.fixture
def buyers(db, api_client_for):
    """API clients of Riverside County's requester and approver, and of an approver
    of another organization."""
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    other = MembershipFactory(role=Role.APPROVER)
    return {
        "requester": api_client_for(requester, county),
        "approver": api_client_for(approver, county),
        "approver_user": approver,
        "other": api_client_for(other.user, other.organization),
    }


@pytest.fixture
def plans(db):
    """The one-time 680.00 plans of two vendors' listings in two categories."""
    manholes = CategoryFactory()
    cameras = CategoryFactory(slug="video-surveillance", name="Video surveillance")
    guard = published_listing(
        title="Manhole Guard", vendor=VendorFactory(), category=manholes
    )
    eye = published_listing(title="City Eye", vendor=VendorFactory(), category=cameras)
    return guard.plans.get(), eye.plans.get()


@pytest.fixture
def compose(plans):
    """`compose(client)`: a package of 40 units of the first plan and 6 of the second,
    composed through the API by the client; the package as the API shows it."""

    def package(client) -> dict:
        created = client.post("/api/v1/packages/", {"name": "Pilot district"}).json()
        for plan, quantity in zip(plans, (40, 6), strict=True):
            response = client.post(
                f"/api/v1/packages/{created['id']}/lines/",
                {"plan": plan.pk, "quantity": quantity, "phase": 1},
            )
            assert response.status_code == 201, response.content
        return client.get(f"/api/v1/packages/{created['id']}/").json()

    return package


# Stripe -----------------------------------------------------------------------------


@pytest.fixture
def approved_quote(db):
    """`approved_quote(buyer, plan, quantity=3)`: a quote of the buyer's organization
    for units of the plan, priced now and approved by the buyer."""

    def make(buyer, plan, quantity: int = 3):
        return QuoteFactory(
            organization=buyer.organization,
            lines=[(plan, quantity)],
            approved_by=buyer.user,
        )

    return make


@pytest.fixture
def finance_user(db):
    return PlatformMemberFactory(role=Role.FINANCE)


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


def _signed_post(client, settings, event: dict, secret: str | None = None):
    payload = json.dumps(event)
    timestamp = int(time.time())
    signature = hmac.new(
        (secret or settings.STRIPE_WEBHOOK_SECRET).encode(),
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
    """Post a Stripe event to our webhook, signed with our secret (or `secret`), and
    run what it leaves for after commit (handling the event, and whatever that
    enqueues); answers the webhook's response."""

    def send(event_id: str, kind: str, obj: dict | None, *, secret: str | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return _signed_post(
                client, settings, _event(event_id, kind, obj), secret=secret
            )

    return send


# Billing ----------------------------------------------------------------------------

# Paid on January 31st: monthly periods end on the last day of short months and on
# the 31st again after them.
BILLING_PAID = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


@pytest.fixture
def monthly_subscription(db):
    """`monthly_subscription(quantity=4, term=12, auto_renew=True)`: an active
    subscription of a monthly plan at 100.00 a unit, ordered and paid by invoice
    on January 31st, 2026 (its first period ends on February 28th)."""

    def make(quantity=4, term=12, auto_renew=True) -> Subscription:
        plan = PlanFactory(
            billing="monthly", unit_price=10_000, contract_term_months=term
        )
        with time_machine.travel(BILLING_PAID, tick=False):
            subscription = SubscriptionFactory(
                plan=plan, quantity=quantity, provisioned=True
            )
        Subscription.objects.filter(pk=subscription.pk).update(auto_renew=auto_renew)
        subscription.refresh_from_db()
        return subscription

    return make


@pytest.fixture
def provisioned(buyer_org):
    """An active subscription of `buyer_org` whose vendor reported access details
    with an initial password, `s3cret-pass`."""
    subscription = SubscriptionFactory(organization=buyer_org, provisioned=True)
    subscription.access = {
        "url": "https://cams.vendor.example/riverside",
        "username": "riverside-admin",
        "password": "s3cret-pass",
    }
    subscription.save(update_fields=["access"])
    return subscription


# At the same moment -----------------------------------------------------------------


@pytest.fixture
def at_once():
    """`at_once(*calls)`: run the calls in threads released together (each with its
    own database connection); answers what each returned or raised."""
    import threading

    from django.db import connections

    def run_all(*calls) -> list:
        barrier = threading.Barrier(len(calls))
        results: list = [None] * len(calls)

        def run(index, call):
            try:
                barrier.wait(timeout=10)
                results[index] = call()
            except Exception as error:
                results[index] = error
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=run, args=(index, call))
            for index, call in enumerate(calls)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    return run_all


# The procurement dossier ------------------------------------------------------------


@pytest.fixture
def programme(db, client, api_client_for, finance_user):
    """Futian District's two-phase smart-manhole programme, as its members made it:
    sensors (Lanxin IoT, curated) and their monitoring (Cover Watch Co.), a pilot of
    40 and a rollout of 1,000 in 90 days, an annual budget of CNY 800,000.00; two
    saved searches linked to the package (one frozen, one never) and a comparison
    saved to it; a quote returned with a comment, a second one approved with a
    comment; the pilot released by invoice and marked paid by finance.

    Answers a namespace: `package` (id), `quotes` (numbers), `order` (the pilot's
    id), the members (`requester`, `approver`, `viewer`), `api` (the approver's
    API client), `other_api` (another buyer's) and the listings."""
    from datetime import timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    from marketplace.models import Order, Plan
    from marketplace.services.orders import order_mark_paid
    from search.backends import get_backend
    from search.models import SavedSearch
    from tests.factories.curation import EndorsementFactory

    county = OrganizationFactory(
        kind=OrganizationKind.BUYER,
        name="Futian District",
        legal_name="Futian District Urban Management Bureau",
        tax_id="11440304MB2C00000X",
        billing_address="1 Fuzhong Road, Futian, Shenzhen",
    )
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    viewer = MembershipFactory(organization=county, role=Role.VIEWER).user
    manholes = CategoryFactory()
    guard = published_listing(
        title="Manhole Guard",
        slug="manhole-guard",
        vendor=VendorFactory(organization__name="Lanxin IoT"),
        category=manholes,
        plans=[
            Plan(
                code="SENSOR",
                name="Sensor",
                billing="one_time",
                unit="device",
                unit_price=45_000,
                setup_fee=200_000,
            )
        ],
    )
    watch = published_listing(
        title="Cover Watch",
        slug="cover-watch",
        vendor=VendorFactory(organization__name="Cover Watch Co."),
        category=manholes,
        plans=[
            Plan(
                code="MON",
                name="Monitoring",
                billing="monthly",
                unit="device",
                unit_price=1_250,
                contract_term_months=24,
            )
        ],
    )
    sentinel = published_listing(
        title="Manhole Sentinel", slug="manhole-sentinel", category=manholes
    )
    EndorsementFactory(listing=guard)
    get_backend().rebuild()

    requester_api = api_client_for(requester, county)
    api = api_client_for(approver, county)
    other = MembershipFactory(role=Role.APPROVER)
    package = requester_api.post(
        "/api/v1/packages/",
        {"name": "Smart manholes: Futian pilot, then the city", "budget": 80_000_000},
        format="json",
    ).json()["id"]
    for plan, quantity, phase in (
        (guard.plans.get(), 40, 1),
        (watch.plans.get(), 40, 1),
        (guard.plans.get(), 1_000, 2),
        (watch.plans.get(), 1_000, 2),
    ):
        response = requester_api.post(
            f"/api/v1/packages/{package}/lines/",
            {"plan": plan.pk, "quantity": quantity, "phase": phase},
            format="json",
        )
        assert response.status_code == 201, response.content
    for number, name, start in (
        (1, "Pilot: Futian district", timezone.localdate()),
        (2, "City-wide rollout", timezone.localdate() + timedelta(days=90)),
    ):
        response = requester_api.patch(
            f"/api/v1/packages/{package}/phases/{number}/",
            {"name": name, "planned_start": start.isoformat()},
            format="json",
        )
        assert response.status_code == 200, response.content

    client.force_login(requester)
    for name, querystring in (
        ("Manhole sensors", "q=manhole"),
        ("Cover monitoring", "q=cover"),
    ):
        client.post("/search/saved/", {"name": name, "querystring": querystring})
    frozen, unfrozen = SavedSearch.objects.order_by("pk")
    client.post(f"/search/saved/{frozen.pk}/freeze/")
    for saved in (frozen, unfrozen):
        response = client.post(
            f"/search/saved/{saved.pk}/package/", {"package": package}
        )
        assert response.status_code == 302
    response = client.post(
        "/compare/save/",
        {
            "package": package,
            "listing": ["manhole-guard", "manhole-sentinel", "cover-watch"],
            "note": "Lanxin's sensors: longest battery life of the three.",
        },
    )
    assert response.status_code == 302
    client.logout()

    first = requester_api.post(f"/api/v1/packages/{package}/quote/").json()
    response = api.post(
        f"/api/v1/quotes/{first['id']}/return/",
        {"comment": "Date the rollout first."},
        format="json",
    )
    assert response.status_code == 200, response.content
    quote = requester_api.post(f"/api/v1/packages/{package}/quote/").json()
    response = api.post(
        f"/api/v1/quotes/{quote['id']}/approve/",
        {"comment": "Within the budget; pilot first."},
        format="json",
    )
    assert response.json()["status"] == "approved", response.content
    response = api.post(
        f"/api/v1/quotes/{quote['id']}/release/",
        {"phase": 1, "payment_method": "invoice", "purchase_order": "FT-2026-0117"},
        format="json",
    )
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    order_mark_paid(order=order, user=finance_user)
    return SimpleNamespace(
        package=package,
        quotes=[first["number"], quote["number"]],
        quote_id=quote["id"],
        order=order.pk,
        organization=county,
        requester=requester,
        approver=approver,
        viewer=viewer,
        api=api,
        other_api=api_client_for(other.user, other.organization),
        listings=(guard, watch, sentinel),
        saved_searches=(frozen, unfrozen),
    )


@pytest.fixture
def write_review(db):
    """`write_review(listing, stars)`: a review of the listing by a new buyer
    organization with a delivered subscription to it, written through the service
    (so the listing's rating and its kind's rating scores follow)."""

    def write(listing: Listing, stars: int):
        subscription = SubscriptionFactory(plan=listing.plans.first(), provisioned=True)
        buyer = MembershipFactory(
            organization=subscription.organization, role=Role.APPROVER
        )
        draft = Draft(
            stars=stars,
            title="In use across the district",
            text="What we saw after a year of running it.",
            city="Futian District, Shenzhen",
            scale="400 devices",
            months_in_use=12,
        )
        return review_write(buyer, listing, draft)

    return write


@pytest.fixture
def form_as_sent():
    """`form_as_sent(html, selector)`: what a browser sends from the page's form
    (by default the vendor listing editor's) when nothing is changed, as data for
    the test client; file inputs are left out."""

    def read(html: str, selector: str = "form[data-unsaved-warning]") -> dict:
        form = BeautifulSoup(html, "html.parser").select_one(selector)
        assert form is not None, f"no {selector} on the page"
        data: dict[str, list[str]] = {}
        for element in form.select("input, select, textarea"):
            name = element.get("name")
            if not name or element.has_attr("disabled"):
                continue
            values: list[str] = []
            if element.name == "input":
                kind = element.get("type", "text")
                if kind in ("checkbox", "radio"):
                    if element.has_attr("checked"):
                        values = [element.get("value", "on")]
                elif kind not in ("file", "submit", "button", "image", "reset"):
                    values = [element.get("value", "")]
            elif element.name == "select":
                options = element.select("option")
                values = [
                    o.get("value", o.text) for o in options if o.has_attr("selected")
                ]
                if not values and options and not element.has_attr("multiple"):
                    values = [options[0].get("value", options[0].text)]
            else:
                # A browser drops the newline that opens a textarea's text.
                text = element.text
                values = [text[1:] if text.startswith("\n") else text]
            data.setdefault(name, []).extend(values)
        return data

    return read
