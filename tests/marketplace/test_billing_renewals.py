"""Recurring billing with a moved clock: each period of a subscription is charged
once however often the billing runs, missed periods are caught up, terms renew or
end, units added mid-period are prorated, and the ledger books every charge."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.roles import Role
from marketplace.models import (
    LedgerEntry,
    Order,
    OrderKind,
    OrderLine,
    OrderStatus,
    Subscription,
    SubscriptionStatus,
)
from marketplace.services.billing.runs import billing_run
from marketplace.services.provisioning import subscription_report
from marketplace.services.subscriptions import subscription_update
from tests.factories import PlatformMemberFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import PlanFactory
from vendors.models import Delivery

pytestmark = pytest.mark.django_db


def events(subscription) -> list[str]:
    return list(
        Delivery.objects.filter(ordering_key=f"subscription:{subscription.pk}")
        .order_by("pk")
        .values_list("event_type", flat=True)
    )


def charges(subscription) -> list[tuple]:
    return list(
        OrderLine.objects.filter(billed_subscription=subscription)
        .order_by("period_start", "kind")
        .values_list("kind", "period_start", "period_end", "quantity", "amount")
    )


def test_the_first_period_is_scheduled_from_the_day_it_was_paid(monthly_subscription):
    subscription = monthly_subscription()

    assert subscription.billing == "monthly"
    assert (subscription.period_start, subscription.period_end) == (
        date(2026, 1, 31),
        date(2026, 2, 28),
    )
    assert subscription.next_charge_on == date(2026, 2, 28)
    assert subscription.term_end == date(2027, 1, 31)


def test_a_period_is_charged_once_however_often_the_billing_runs(monthly_subscription):
    subscription = monthly_subscription(quantity=4)
    first_order = subscription.order_line.vendor_order.order

    first = billing_run(day=date(2026, 2, 28))
    again = billing_run(day=date(2026, 2, 28))
    later_that_period = billing_run(day=date(2026, 3, 20))

    assert (first.renewals, first.lines) == (1, 1)
    assert (again.raised, later_that_period.raised) == (0, 0)
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    assert renewal.parent == first_order
    assert renewal.quote == first_order.quote
    assert renewal.organization == first_order.organization
    assert renewal.period_start == date(2026, 2, 28)
    assert renewal.number == f"O-{renewal.placed_at:%Y}-{renewal.pk:06d}"
    assert renewal.status == OrderStatus.PENDING_PAYMENT
    assert renewal.payment_method == "invoice"
    # 4 units at 100.00, with tax at the quote's rate.
    tax = (40_000 * first_order.quote.tax_rate + 5_000) // 10_000
    assert renewal.amount == 40_000 + tax
    assert renewal.due_on == date(2026, 2, 28) + timedelta(
        days=settings.INVOICE_PAYMENT_DAYS
    )
    assert charges(subscription) == [
        ("renewal", date(2026, 2, 28), date(2026, 3, 31), 4, 40_000)
    ]
    assert renewal.payments.get().provider == "invoice"
    assert renewal.status_changes.filter(payment=None).get().reason == "renewal_raised"
    subscription.refresh_from_db()
    assert (subscription.period_start, subscription.period_end) == (
        date(2026, 2, 28),
        date(2026, 3, 31),
    )
    assert subscription.next_charge_on == date(2026, 3, 31)
    # The vendor's share is booked: gross, the platform's commission, net.
    entry = LedgerEntry.objects.get(order=renewal)
    assert (entry.kind, entry.gross) == ("charge", 40_000)
    assert (
        entry.commission
        == (40_000 * settings.PLATFORM_COMMISSION_BASIS_POINTS + 5_000) // 10_000
    )
    assert entry.net == entry.gross - entry.commission
    assert entry.vendor == subscription.vendor


def test_a_run_after_downtime_bills_each_missed_period_once(monthly_subscription):
    subscription = monthly_subscription(quantity=2)

    caught_up = billing_run(day=date(2026, 5, 15))
    again = billing_run(day=date(2026, 5, 15))

    assert (caught_up.renewals, again.raised) == (3, 0)
    assert charges(subscription) == [
        ("renewal", date(2026, 2, 28), date(2026, 3, 31), 2, 20_000),
        ("renewal", date(2026, 3, 31), date(2026, 4, 30), 2, 20_000),
        ("renewal", date(2026, 4, 30), date(2026, 5, 31), 2, 20_000),
    ]
    assert list(
        Order.objects.filter(kind=OrderKind.RENEWAL)
        .order_by("period_start")
        .values_list("period_start", flat=True)
    ) == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    subscription.refresh_from_db()
    assert subscription.next_charge_on == date(2026, 5, 31)


def test_subscriptions_of_one_order_renew_on_one_order_per_period():
    plan_a = PlanFactory(billing="monthly", unit_price=10_000)
    plan_b = PlanFactory(billing="monthly", unit_price=2_500)
    with time_machine.travel(datetime(2026, 1, 31, 9, tzinfo=UTC), tick=False):
        order = OrderFactory(lines=[(plan_a, 1), (plan_b, 2)], paid=True)
    for subscription in Subscription.objects.all():
        subscription_report(subscription=subscription, data={"status": "provisioned"})

    report = billing_run(day=date(2026, 2, 28))

    assert (report.renewals, report.lines) == (1, 2)
    renewal = Order.objects.get(kind=OrderKind.RENEWAL, parent=order)
    # One part per vendor, each with its line.
    assert sorted(renewal.vendor_orders.values_list("gross", flat=True)) == [
        5_000,
        10_000,
    ]


def test_auto_renew_off_ends_the_subscription_at_its_term_end(monthly_subscription):
    subscription = monthly_subscription(quantity=1, term=3, auto_renew=False)

    report = billing_run(day=date(2026, 6, 1))

    subscription.refresh_from_db()
    assert subscription.term_end == date(2026, 4, 30)
    assert subscription.status == SubscriptionStatus.CANCELLED
    assert subscription.data_retention_until == date(2026, 4, 30) + timedelta(
        days=settings.SUBSCRIPTION_DATA_RETENTION_DAYS
    )
    assert subscription.next_charge_on is None
    # Its two renewals within the term were charged; nothing after it.
    assert [line[1] for line in charges(subscription)] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert (report.renewals, report.ended) == (2, 1)
    assert events(subscription)[-1] == "subscription.cancel"
    cancel = Delivery.objects.filter(event_type="subscription.cancel").get()
    assert '"data_retention_until":"2026-07-29"' in cancel.body
    assert billing_run(day=date(2026, 9, 1)).raised == 0


def test_auto_renew_on_extends_the_term_and_billing_goes_on(monthly_subscription):
    subscription = monthly_subscription(quantity=1, term=3, auto_renew=True)

    billing_run(day=date(2026, 4, 30))

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.term_end == date(2026, 7, 31)
    assert events(subscription)[-1] == "subscription.renew"
    renew = Delivery.objects.get(event_type="subscription.renew")
    assert '"term_end":"2026-07-31"' in renew.body
    assert '"previous":{"term_end":"2026-04-30"}' in renew.body
    assert charges(subscription)[-1][1:3] == (date(2026, 4, 30), date(2026, 5, 31))


def test_units_added_mid_period_are_prorated_on_the_next_charge(monthly_subscription):
    subscription = monthly_subscription(quantity=4)
    staff = PlatformMemberFactory(role=Role.FINANCE, is_superuser=True)

    # 2 units more on March 14th, 14 of the period's 28 days before its end.
    with time_machine.travel(datetime(2026, 2, 14, 9, tzinfo=UTC), tick=False):
        subscription_update(user=staff, subscription=subscription, quantity=6)
    # 1 unit fewer on the 20th: it was charged, and stays charged, to the end.
    with time_machine.travel(datetime(2026, 2, 20, 9, tzinfo=UTC), tick=False):
        subscription_update(user=staff, subscription=subscription, quantity=5)
    billing_run(day=date(2026, 2, 28))

    assert charges(subscription) == [
        # Half of the period's price of 2 units: the first period's added units.
        ("proration", date(2026, 1, 31), date(2026, 2, 28), 2, 10_000),
        # The next period charges the units in force.
        ("renewal", date(2026, 2, 28), date(2026, 3, 31), 5, 50_000),
    ]
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)
    tax = (60_000 * renewal.quote.tax_rate + 5_000) // 10_000
    assert renewal.amount == 60_000 + tax
    subscription.refresh_from_db()
    assert (subscription.proration_units, subscription.proration_amount) == (0, 0)
    assert subscription.billed_quantity == 5


def test_units_added_in_a_last_period_are_charged_on_an_order_of_their_own(
    monthly_subscription,
):
    subscription = monthly_subscription(quantity=1, term=1, auto_renew=False)
    staff = PlatformMemberFactory(role=Role.FINANCE, is_superuser=True)
    with time_machine.travel(datetime(2026, 2, 21, 9, tzinfo=UTC), tick=False):
        subscription_update(user=staff, subscription=subscription, quantity=3)

    report = billing_run(day=date(2026, 2, 28))
    again = billing_run(day=date(2026, 2, 28))

    assert (report.renewals, report.prorations, again.raised) == (0, 1, 0)
    proration = Order.objects.get(kind=OrderKind.PRORATION)
    assert proration.period_start == date(2026, 1, 31)
    # 2 units for 7 of the period's 28 days.
    assert charges(subscription) == [
        ("proration", date(2026, 1, 31), date(2026, 2, 28), 2, 5_000)
    ]
    assert proration.status_changes.filter(payment=None).get().reason == (
        "proration_raised"
    )


def test_the_command_bills_as_of_a_day_and_prints_what_it_did(
    monthly_subscription, capsys
):
    monthly_subscription(quantity=1)

    call_command("billing_run", "--at", "2026-03-01")
    first = capsys.readouterr().out
    call_command("billing_run", "--at", "2026-03-01")
    second = capsys.readouterr().out

    assert "Billing as of 2026-03-01" in first
    assert "renewal orders raised:      1" in first
    assert "renewal orders raised:      0" in second
    assert Order.objects.filter(kind=OrderKind.RENEWAL).count() == 1


def test_the_command_refuses_a_day_it_cannot_read():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("billing_run", "--at", "2026-02-30")
    assert not Order.objects.exists()
