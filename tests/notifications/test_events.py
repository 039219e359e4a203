"""Each event, happening through the service that makes it happen, notifies the
people it concerns: exactly one notification each, however often it is reported,
and none to anyone else."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from marketplace.models import Listing, Order, OrderKind, PaymentMethod
from marketplace.services import curation
from marketplace.services.billing.dunning import renewal_declined
from marketplace.services.billing.renewals import first_order_bill
from marketplace.services.billing.runs import billing_run
from marketplace.services.listings import (
    listing_create,
    listing_review_workflow,
    listing_submit,
)
from marketplace.services.orders import order_mark_paid
from marketplace.services.payments.saved_cards import Outcome, SavedCardCharge
from marketplace.services.provisioning import subscription_report
from marketplace.services.subscriptions import (
    subscription_cancel_request,
    subscription_suspend,
)
from notifications.models import Notification
from tests.factories import PlatformMemberFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import (
    CategoryFactory,
    PlanFactory,
    complete_listing_data,
    published_listing,
)
from tests.factories.curation import EndorsementFactory

pytestmark = pytest.mark.django_db

PROVISIONED = {"status": "provisioned", "access": {"url": "https://x.example/"}}


@pytest.fixture
def finance(db):
    return PlatformMemberFactory(role=Role.FINANCE)


@pytest.fixture
def curator(db):
    listing_review_workflow()
    return PlatformMemberFactory(role=Role.CURATOR)


@pytest.fixture
def order(county, seller):
    """An invoice order of Riverside County for 3 units of the seller's plan,
    requested by its requester and approved by its administrator."""
    plan = published_listing(vendor=seller["vendor"], title="Manhole Guard").plans
    return OrderFactory(
        organization=county["organization"],
        lines=[(plan.get(), 3)],
        quote__requested_by=county["requester"],
        quote__approved_by=county["admin"],
    )


@pytest.fixture
def subscription(order, finance):
    order_mark_paid(order=order, user=finance)
    Notification.objects.all().delete()
    return order.vendor_orders.get().lines.get().subscription


def buyers(county) -> dict:
    return {county["requester"]: 1, county["admin"]: 1}


def test_a_paid_order_tells_its_buyers_and_the_vendor_fulfilment_once(
    order, finance, county, seller, told
):
    order_mark_paid(order=order, user=finance)
    order_mark_paid(order=order, user=finance)

    assert told("order.paid") == buyers(county)
    assert told("vendor.order") == {seller["owner"]: 1, seller["fulfilment"]: 1}
    paid = Notification.objects.get(kind="order.paid", recipient=county["requester"])
    assert paid.url == f"/orders/{order.pk}/"
    assert paid.params["order"] == order.number
    vendor_order = order.vendor_orders.get()
    told_vendor = Notification.objects.get(
        kind="vendor.order", recipient=seller["owner"]
    )
    assert told_vendor.params["number"] == vendor_order.number
    assert told_vendor.params["buyer"] == "Riverside County"
    assert told_vendor.params["items"] == "3 × Manhole Guard"
    assert told_vendor.url == f"/vendor/orders/#vendor-order-{vendor_order.number}"


def test_an_active_subscription_tells_the_buyers_once(subscription, county, told):
    subscription_report(subscription=subscription, data=PROVISIONED)
    subscription_report(subscription=subscription, data=PROVISIONED)

    assert told("subscription.active") == buyers(county)
    assert told("subscription.failed") == {}
    active = Notification.objects.get(recipient=county["admin"])
    assert active.url == f"/subscriptions/{subscription.pk}/"
    assert active.title == "3 × Manhole Guard is active"


def test_a_failed_provisioning_tells_the_buyers_once(subscription, county, told):
    failed = {"status": "failed", "reason": "No coverage at the site."}
    subscription_report(subscription=subscription, data=failed)
    subscription_report(subscription=subscription, data=failed)

    assert told("subscription.failed") == buyers(county)
    notification = Notification.objects.get(recipient=county["requester"])
    assert notification.params["reason"] == "No coverage at the site."


def test_a_cancellation_request_tells_the_vendor_fulfilment_once(
    subscription, county, seller, told
):
    membership = county["requester"].memberships.get()
    for _ in range(2):
        subscription_cancel_request(
            membership=membership, subscription=subscription, note="Pilot over."
        )

    assert told("vendor.cancellation_requested") == {
        seller["owner"]: 1,
        seller["fulfilment"]: 1,
    }
    notification = Notification.objects.get(recipient=seller["fulfilment"])
    assert notification.params["note"] == "Pilot over."
    assert notification.url == f"/vendor/subscriptions/{subscription.pk}/"


def test_a_suspension_by_staff_tells_the_buyers_once(
    subscription, county, finance, told
):
    subscription_report(subscription=subscription, data=PROVISIONED)
    Notification.objects.all().delete()

    subscription_suspend(user=finance, subscription=subscription, reason="Misuse.")
    subscription_suspend(user=finance, subscription=subscription, reason="Misuse.")

    assert told("subscription.suspended") == buyers(county)
    notification = Notification.objects.get(recipient=county["admin"])
    assert notification.params["reason"] == "Misuse."


@pytest.fixture
def monthly(county, seller, finance):
    """An active subscription of a monthly plan, paid on January 31st, 2026 (its
    first period ends on February 28th); its first order."""
    plan = PlanFactory(billing="monthly", unit_price=10_000, contract_term_months=12)
    with time_machine.travel(datetime(2026, 1, 31, 9, tzinfo=UTC), tick=False):
        first = OrderFactory(
            organization=county["organization"],
            lines=[(plan, 4)],
            quote__requested_by=county["requester"],
            quote__approved_by=county["admin"],
        )
        order_mark_paid(order=first, user=finance)
        subscription = first.vendor_orders.get().lines.get().subscription
        subscription_report(subscription=subscription, data=PROVISIONED)
    Notification.objects.all().delete()
    return first


def test_an_overdue_renewal_invoice_tells_the_buyers_of_the_suspension_once(
    monthly, county, told, settings
):
    billing_run(day=date(2026, 2, 28))
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    suspend_on = renewal.next_attempt_on

    billing_run(day=suspend_on)
    billing_run(day=suspend_on)

    assert told("subscription.suspended") == buyers(county)
    assert told("order.paid") == {}
    notification = Notification.objects.get(recipient=county["requester"])
    assert notification.params["variant"] == "unpaid"
    assert notification.title == (
        f"Subscriptions suspended: order {renewal.number} is unpaid"
    )
    assert notification.url == f"/orders/{renewal.pk}/"


def test_a_declined_renewal_tells_the_buyers_once_per_attempt(
    monthly, county, told, settings
):
    Order.objects.filter(pk=monthly.pk).update(payment_method=PaymentMethod.CARD)
    # The renewal is raised, due to be charged to the saved card today.
    first_order_bill(order_id=monthly.pk, day=date(2026, 2, 28))
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    declined = SavedCardCharge(
        payment=None, outcome=Outcome.FAILED, code="card_declined", message=""
    )

    renewal_declined(order_id=renewal.pk, day=date(2026, 2, 28), charge=declined)
    renewal_declined(order_id=renewal.pk, day=date(2026, 2, 28), charge=declined)

    assert told("renewal.failed") == buyers(county)
    notification = Notification.objects.get(recipient=county["admin"])
    assert notification.params["day"] == "2026-03-01"
    assert notification.params["variant"] == "retry"
    assert notification.title == f"Your card was declined for order {renewal.number}"

    # The next attempt, a day later, is another event.
    renewal_declined(order_id=renewal.pk, day=date(2026, 3, 1), charge=declined)

    assert told("renewal.failed") == {county["requester"]: 2, county["admin"]: 2}


@pytest.fixture
def submitted(seller, curator):
    listing = listing_create(
        vendor=seller["vendor"],
        user=seller["publisher"],
        data=complete_listing_data(CategoryFactory()),
    )
    listing_submit(listing=listing, user=seller["publisher"])
    return listing


def decide(listing, curator, action: str, comment: str = "") -> None:
    """The curator's decision, as the Wagtail admin takes it."""
    task_state = Listing.objects.get(pk=listing.pk).current_workflow_task_state
    task_state.task.specific.on_action(task_state, curator, action, comment=comment)


def test_an_approved_listing_tells_the_vendor_publishers_once(
    submitted, curator, seller, told
):
    decide(submitted, curator, "approve", "Looks good.")

    assert told("listing.approved") == {seller["owner"]: 1, seller["publisher"]: 1}
    notification = Notification.objects.get(recipient=seller["publisher"])
    assert notification.title == "Manhole Guard NB-IoT is approved and published"
    assert notification.params["comment"] == "Looks good."
    assert notification.url == f"/vendor/listings/{submitted.pk}/"


def test_a_returned_listing_tells_the_publishers_once_per_decision(
    submitted, curator, seller, told, django_capture_on_commit_callbacks
):
    mail.outbox.clear()  # the curators were told of the submission

    with django_capture_on_commit_callbacks(execute=True):
        decide(submitted, curator, "reject", "Add the SLA document.")

    # One e-mail each, Agora's: not Wagtail's own to the submitter as well.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [seller["owner"].email, seller["publisher"].email]
    )

    assert told("listing.returned") == {seller["owner"]: 1, seller["publisher"]: 1}
    assert Notification.objects.filter(kind="listing.approved").count() == 0
    notification = Notification.objects.get(recipient=seller["publisher"])
    assert notification.params["comment"] == "Add the SLA document."

    # Submitted again and returned again: a second decision, told again.
    listing_submit(listing=submitted, user=seller["publisher"])
    decide(submitted, curator, "reject", "Still missing.")

    assert told("listing.returned") == {seller["owner"]: 2, seller["publisher"]: 2}


def test_a_lapsing_endorsement_tells_the_curators_once(curator, settings, told):
    settings.ENDORSEMENT_REMINDER_DAYS = 30
    other = PlatformMemberFactory(role=Role.CURATOR)
    PlatformMemberFactory(role=Role.FINANCE)
    lapsing = EndorsementFactory(
        endorsed_by=curator, expires_at=timezone.now() + timedelta(days=10)
    )
    EndorsementFactory(endorsed_by=curator)  # a year ahead

    assert curation.endorsements_remind() == 1
    assert curation.endorsements_remind() == 0

    assert told("endorsement.lapsing") == {curator: 1, other: 1}
    notification = Notification.objects.get(recipient=curator)
    assert notification.params["listing"] == lapsing.listing.title
    assert notification.params["day"] == (
        timezone.localdate(lapsing.expires_at).isoformat()
    )
    assert notification.url == f"/cms/select/endorsements/edit/{lapsing.pk}/"
