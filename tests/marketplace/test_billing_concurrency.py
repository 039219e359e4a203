"""Billing runs at the same moment, on PostgreSQL's row locks: they share the work
(a first order one run holds, the others skip, then wait for) and together bill
each period once."""

from datetime import date

import pytest
from django.db import connection

from marketplace.models import LedgerEntry, Order, OrderKind, OrderLine
from marketplace.services.billing.runs import billing_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def test_three_runs_at_once_bill_each_period_once(monthly_subscription, at_once):
    subscriptions = [monthly_subscription(quantity=1) for _ in range(12)]

    reports = at_once(*(lambda: billing_run(day=date(2026, 4, 1)) for _ in range(3)))

    assert not [report for report in reports if isinstance(report, Exception)]
    assert sum(report.renewals for report in reports) == 24
    assert sum(len(report.failed) for report in reports) == 0
    assert Order.objects.filter(kind=OrderKind.RENEWAL).count() == 24
    for subscription in subscriptions:
        periods = list(
            OrderLine.objects.filter(billed_subscription=subscription)
            .order_by("period_start")
            .values_list("period_start", flat=True)
        )
        assert periods == [date(2026, 2, 28), date(2026, 3, 31)]
    assert LedgerEntry.objects.filter(order__kind=OrderKind.RENEWAL).count() == 24
