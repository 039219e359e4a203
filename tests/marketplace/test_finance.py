"""Finance: invoices marked paid in the Wagtail admin by finance staff only; the
ledger of what each vendor is owed, for finance (CSV) and for the vendor."""

import pytest

from accounts.roles import Role
from marketplace.models import OrderStatus, Subscription
from marketplace.money import Money
from marketplace.services.orders import order_cancel
from tests.factories import PlatformMemberFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import PlanFactory, vendor_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(settings):
    """An invoice order of two vendors' plans, placed at a 10 % commission."""
    settings.PLATFORM_COMMISSION_BASIS_POINTS = 1000
    return OrderFactory(lines=[PlanFactory(), PlanFactory()])


def test_finance_staff_mark_an_invoice_paid_in_the_admin(client, order):
    curator = PlatformMemberFactory(role=Role.CURATOR)
    client.force_login(curator)
    refused = client.post(f"/cms/finance/orders/edit/{order.pk}/", {"confirm": "on"})
    order.refresh_from_db()
    assert (
        refused.status_code in (302, 403)
        and order.status == OrderStatus.PENDING_PAYMENT
    )

    client.force_login(PlatformMemberFactory(role=Role.FINANCE))
    done = client.post(f"/cms/finance/orders/edit/{order.pk}/", {"confirm": "on"})

    order.refresh_from_db()
    assert done.status_code == 302
    assert order.status == OrderStatus.PAID
    assert Subscription.objects.filter(status="pending").count() == 2


def test_the_ledger_says_what_each_vendor_is_owed(client, order):
    vendor_order = order.vendor_orders.first()
    assert vendor_order.commission == vendor_order.gross // 10
    assert vendor_order.net == vendor_order.gross - vendor_order.commission

    client.force_login(PlatformMemberFactory(role=Role.FINANCE))
    response = client.get("/cms/finance/ledger/?export=csv")
    export = b"".join(response.streaming_content).decode()
    assert vendor_order.number in export and str(vendor_order.net) in export

    # Cancelled before it was paid: the charge is booked back, on the page too.
    order_cancel(membership=order.placed_by.memberships.get(), order=order)
    page = client.get("/cms/finance/ledger/").content.decode()
    assert page.count(vendor_order.number) == 2
    assert "Charge cancelled" in page
    assert str(Money(-vendor_order.net, vendor_order.currency)) in page

    owner = vendor_member(vendor_order.vendor, Role.OWNER)
    client.force_login(owner)
    page = client.get("/vendor/orders/").content.decode()
    assert vendor_order.number in page
    # Cancelled before payment: nothing is left of it.
    zero = Money(0, vendor_order.currency)
    assert f"{zero} after refunds and cancellations" in page
    others = [vo.number for vo in order.vendor_orders.exclude(pk=vendor_order.pk)]
    assert all(number not in page for number in others)
