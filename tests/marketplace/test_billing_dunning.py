"""Renewals that are not paid, with a moved clock: a renewal invoice past due by
the grace period suspends what it bills until finance marks it paid; a renewal
charged to the saved card at a real localstripe is retried DUNNING_RETRY_DAYS after
its first decline, the buyer told each time, then suspends what it bills until the
buyer pays on the order's page with another card."""

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
import time_machine
from django.conf import settings

from accounts.roles import Role
from marketplace.models import (
    Document,
    Order,
    OrderKind,
    OrderStatus,
    PaymentMethod,
    StripeCustomer,
    Subscription,
    SubscriptionStatus,
)
from marketplace.services.billing.runs import billing_run
from marketplace.services.orders import order_mark_paid
from marketplace.services.provisioning import subscription_report
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import PlanFactory
from vendors.models import Delivery

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def events(subscription) -> list[str]:
    return list(
        Delivery.objects.filter(ordering_key=f"subscription:{subscription.pk}")
        .order_by("pk")
        .values_list("event_type", flat=True)
    )


def test_an_invoice_past_due_suspends_what_it_bills_until_it_is_paid(
    monthly_subscription,
    finance_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    subscription = monthly_subscription()
    billing_run(day=date(2026, 2, 28))
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    suspend_on = renewal.due_on + timedelta(days=settings.INVOICE_SUSPEND_AFTER_DAYS)
    assert renewal.next_attempt_on == suspend_on

    billing_run(day=suspend_on - timedelta(days=1))
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE

    with django_capture_on_commit_callbacks(execute=True):
        report = billing_run(day=suspend_on)
        again = billing_run(day=suspend_on)

    subscription.refresh_from_db()
    assert (report.overdue_invoices, again.overdue_invoices) == (1, 0)
    assert subscription.status == SubscriptionStatus.SUSPENDED
    assert subscription.suspended_unpaid
    assert renewal.number in subscription.suspension_reason
    assert events(subscription).count("subscription.suspend") == 1
    suspend = Delivery.objects.get(event_type="subscription.suspend")
    assert '"reason":"non-payment"' in suspend.body
    # Each buyer is told once, in a notification e-mailed to them, which leads to
    # the order.
    buyers = set(
        subscription.organization.memberships.values_list("user__email", flat=True)
    )
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(buyers)
    for mail in mailoutbox:
        assert mail.subject == (
            f"Subscriptions suspended: order {renewal.number} is unpaid"
        )
    told = Notification.objects.filter(kind="subscription.suspended")
    assert {notification.url for notification in told} == {f"/orders/{renewal.pk}/"}

    order_mark_paid(order=renewal, user=finance_user)

    subscription.refresh_from_db()
    renewal.refresh_from_db()
    assert renewal.status == OrderStatus.PAID
    assert renewal.next_attempt_on is None
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert not subscription.suspended_unpaid
    assert subscription.suspension_reason == ""
    assert events(subscription)[-1] == "subscription.resume"


def test_staff_suspension_is_not_lifted_by_a_payment(
    monthly_subscription, finance_user
):
    subscription = monthly_subscription()
    billing_run(day=date(2026, 2, 28))
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    Subscription.objects.filter(pk=subscription.pk).update(
        status=SubscriptionStatus.SUSPENDED, suspension_reason="Policy violation."
    )

    order_mark_paid(order=renewal, user=finance_user)

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.SUSPENDED
    assert subscription.suspension_reason == "Policy violation."


# By card, against localstripe ------------------------------------------------------


@pytest.fixture
def card_subscription(client, localstripe, card_token):
    """An active subscription of 2 units of a monthly plan, its first order paid by
    card on its page on January 31st, 2026 (the card is saved for renewals); the
    buyer who paid is signed in. Answers (subscription, buyer)."""
    plan = PlanFactory(billing="monthly", unit_price=10_000)
    with time_machine.travel(datetime(2026, 1, 31, 9, tzinfo=UTC)):
        order = OrderFactory(payment_method=PaymentMethod.CARD, lines=[(plan, 2)])
        buyer = MembershipFactory(
            organization=order.organization, role=Role.APPROVER
        ).user
        client.force_login(buyer)
        answer = client.post(
            f"/orders/{order.pk}/pay/", {"card_token": card_token()}, **JSON
        ).json()
    assert answer["status"] == "succeeded", answer
    subscription = Subscription.objects.get(order_line__vendor_order__order=order)
    subscription = subscription_report(
        subscription=subscription, data={"status": "provisioned"}
    )
    return subscription, buyer


@pytest.fixture
def declining_card_saved(localstripe, card_token, settings):
    """`declining_card_saved(organization)`: the organization's saved card is
    replaced by one that attaches but is declined when charged."""

    def save(organization) -> str:
        customer = StripeCustomer.objects.get(organization=organization)
        card = httpx.post(
            f"{localstripe}/v1/customers/{customer.customer_id}/sources",
            headers={"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"},
            data={"source": card_token("4000000000000341")},
        ).json()
        StripeCustomer.objects.filter(pk=customer.pk).update(
            payment_method_id=card["id"]
        )
        return card["id"]

    return save


def test_a_renewal_is_charged_to_the_saved_card_once(localstripe, card_subscription):
    subscription, _buyer = card_subscription
    customer = StripeCustomer.objects.get(organization=subscription.organization)
    assert customer.payment_method_id.startswith("card_")

    report = billing_run(day=date(2026, 2, 28), inline=True)
    again = billing_run(day=date(2026, 2, 28), inline=True)

    assert dict(report.charges) == {"succeeded": 1}
    assert (again.raised, dict(again.charges)) == (0, {})
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    assert renewal.status == OrderStatus.PAID
    assert renewal.next_attempt_on is None
    payment = renewal.payments.get()
    intent = httpx.get(
        f"{localstripe}/v1/payment_intents/{payment.payment_intent_id}",
        headers={"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"},
    ).json()
    assert (intent["status"], intent["amount"]) == ("succeeded", renewal.amount)
    assert intent["customer"] == customer.customer_id
    assert intent["payment_method"] == customer.payment_method_id
    assert Document.objects.filter(order=renewal, kind="receipt").count() == 1


def test_a_declined_renewal_is_retried_then_suspends_until_paid_by_another_card(
    client,
    card_token,
    card_subscription,
    declining_card_saved,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    subscription, buyer = card_subscription
    declining = declining_card_saved(subscription.organization)
    first_failure = date(2026, 2, 28)

    # The first attempt, then one on each retry day: 1, 3 and 7 days after it.
    days = [first_failure] + [
        first_failure + timedelta(days=n) for n in settings.DUNNING_RETRY_DAYS
    ]
    schedule = []
    for day in days:
        with django_capture_on_commit_callbacks(execute=True):
            report = billing_run(day=day, inline=True)
        assert dict(report.charges) == {"failed": 1}, day
        renewal = Order.objects.get(kind=OrderKind.RENEWAL)
        schedule.append((renewal.failed_attempts, renewal.next_attempt_on))
        subscription.refresh_from_db()
        if day != days[-1]:
            # Between retries the subscription runs on.
            assert subscription.status == SubscriptionStatus.ACTIVE

    assert schedule == [
        (1, date(2026, 3, 1)),
        (2, date(2026, 3, 3)),
        (3, date(2026, 3, 7)),
        (4, None),
    ]
    assert subscription.status == SubscriptionStatus.SUSPENDED
    assert events(subscription)[-1] == "subscription.suspend"
    # The buyer was told each time, the last time that it is suspended.
    told = [
        mail
        for mail in mailoutbox
        if mail.to == [buyer.email] and renewal.number in mail.subject
    ]
    declined = f"Your card was declined for order {renewal.number}"
    assert [mail.subject for mail in told] == [declined] * 3 + [
        f"Subscriptions suspended: order {renewal.number} is unpaid"
    ]
    assert "It is tried again on March 1, 2026" in told[0].body
    assert "The card was declined" in told[0].body
    # A later run tries no more.
    assert dict(billing_run(day=date(2026, 3, 20), inline=True).charges) == {}

    # The buyer pays on the order's page with another card.
    client.force_login(buyer)
    page = client.get(f"/orders/{renewal.pk}/").content.decode()
    assert 'id="card-payment"' in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/orders/{renewal.pk}/pay/", {"card_token": card_token()}, **JSON
        ).json()

    assert answer["status"] == "succeeded", answer
    renewal.refresh_from_db()
    subscription.refresh_from_db()
    assert renewal.status == OrderStatus.PAID
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert events(subscription)[-1] == "subscription.resume"
    assert renewal.payments.order_by("pk").last().status == "succeeded"
    # The card that paid is the one charged next time.
    customer = StripeCustomer.objects.get(organization=subscription.organization)
    assert customer.payment_method_id not in ("", declining)
    next_time = billing_run(day=date(2026, 3, 31), inline=True)
    assert dict(next_time.charges) == {"succeeded": 1}


def test_a_subscription_suspended_for_an_unpaid_charge_ends_at_its_term(
    monthly_subscription, django_capture_on_commit_callbacks
):
    subscription = monthly_subscription(term=3)
    billing_run(day=date(2026, 2, 28))
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    with django_capture_on_commit_callbacks(execute=True):
        billing_run(day=renewal.next_attempt_on)
    subscription.refresh_from_db()
    assert subscription.suspended_unpaid and subscription.auto_renew

    # The term (three months from January 31st) ends unpaid: no renewal.
    billing_run(day=date(2026, 5, 1))

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED
    assert subscription.term_end == date(2026, 4, 30)
    assert "subscription.renew" not in events(subscription)
    assert events(subscription).count("subscription.cancel") == 1
