"""Documents issued at the same moment, on PostgreSQL's row locks: the numbers have
no gaps and no repeats, and a document issued twice at once is issued once."""

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.models import Document
from marketplace.services.documents import invoice_issue
from marketplace.services.orders import order_place
from tests.factories.buying import QuoteFactory, self_approving_buyer
from tests.factories.catalog import PlanFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def test_invoices_issued_at_once_are_numbered_without_gaps_and_once_each(at_once):
    # Card orders: no invoice is issued when they are placed.
    buyer = self_approving_buyer()
    plan = PlanFactory()
    orders = [
        order_place(
            membership=buyer,
            quote=QuoteFactory(
                organization=buyer.organization, lines=[plan], approved_by=buyer.user
            ),
            payment_method="card",
        ).order
        for _ in range(6)
    ]

    issued = at_once(
        *(lambda order=order: invoice_issue(order) for order in orders * 2)
    )

    assert not [result for result in issued if isinstance(result, Exception)]
    year = timezone.localdate().year
    numbers = sorted(Document.objects.values_list("number", flat=True))
    assert numbers == [f"INV-{year}-{n:06d}" for n in range(1, 7)]
    # Both calls for an order answer its one invoice.
    for index, order in enumerate(orders):
        first, second = issued[index], issued[index + len(orders)]
        assert first.pk == second.pk == Document.objects.get(order=order).pk
