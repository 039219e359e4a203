"""The buying factories build what the services build: a test that starts from a
factory's quote or order starts where a buyer would be. When a service changes what
it writes, this says which factory to change with it."""

import pytest
from django.forms.models import model_to_dict

from accounts.roles import Role
from marketplace.models import Promotion, StatusChange, Subscription
from marketplace.services.approvals import quote_approve
from marketplace.services.orders import order_place
from marketplace.services.payments.attempts import payment_succeeded
from marketplace.services.quotes import quote_create
from tests.factories import MembershipFactory
from tests.factories.buying import (
    OrderFactory,
    PackageFactory,
    PackageLineFactory,
    QuoteFactory,
    SubscriptionFactory,
)
from tests.factories.catalog import PlanFactory
from tests.factories.curation import PromotionFactory

pytestmark = pytest.mark.django_db

# What differs between any two rows: ids, numbers, moments, and who.
ANY = {
    "id",
    "number",
    "created_at",
    "valid_until",
    "approved_at",
    "placed_at",
    "paid_at",
    "quote",
    "order",
    "vendor_order",
    "quote_line",
    "package",
    "requested_by",
    "approved_by",
    "placed_by",
}


def same(row) -> dict:
    return {
        name: value for name, value in model_to_dict(row).items() if name not in ANY
    }


def history(changes) -> list[tuple]:
    return [
        (change.subject, change.from_status, change.to_status, change.reason)
        for change in changes
    ]


@pytest.fixture
def package():
    """Two lines: one on a capped sale, one monthly with a setup fee."""
    sale = PromotionFactory(quantity_cap=5)
    package = PackageFactory()
    PackageLineFactory(package=package, plan=sale.plan, quantity=7)
    PackageLineFactory(
        package=package,
        plan=PlanFactory(billing="monthly", unit_price=1234, setup_fee=500),
        quantity=3,
    )
    return package


def test_a_quote_and_its_order_are_what_the_services_make(package):
    requester = MembershipFactory(
        organization=package.organization, role=Role.REQUESTER
    )
    approver = MembershipFactory(organization=package.organization, role=Role.APPROVER)
    quoted = quote_approve(
        membership=approver,
        quote=quote_create(membership=requester, package=package),
    )
    made = QuoteFactory(
        organization=package.organization,
        package=package,
        approved_by=approver.user,
    )

    assert same(made) == same(quoted)
    assert [same(line) for line in made.lines.all()] == [
        same(line) for line in quoted.lines.all()
    ]
    assert made.approved_by == approver.user and made.approved_at is not None

    placed = order_place(
        membership=requester, quote=quoted, payment_method="card"
    ).order
    claimed = Promotion.objects.get().units_claimed
    ordered = OrderFactory(quote=made, payment_method="card")

    assert claimed == 5
    assert Promotion.objects.get().units_claimed == 2 * claimed
    assert same(ordered) == same(placed)
    assert [same(part) for part in ordered.vendor_orders.all()] == [
        same(part) for part in placed.vendor_orders.all()
    ]
    assert [same(payment) for payment in ordered.payments.all()] == [
        same(payment) for payment in placed.payments.all()
    ]
    assert history(StatusChange.objects.filter(order=ordered)) == history(
        StatusChange.objects.filter(order=placed)
    )
    made.refresh_from_db()
    quoted.refresh_from_db()
    assert history(made.status_changes.all()) == history(quoted.status_changes.all())


def test_a_paid_order_is_what_a_payment_makes(package):
    placed = OrderFactory(quote__package=package, organization=package.organization)
    paid = OrderFactory(paid=True)

    payment_succeeded(payment=placed.payments.get(), amount=placed.amount)
    placed.refresh_from_db()

    assert (paid.status, placed.status) == ("paid", "paid")
    assert paid.paid_at is not None
    assert paid.payments.get().status == "succeeded"
    assert history(StatusChange.objects.filter(order=paid)) == history(
        StatusChange.objects.filter(order=placed)
    )
    assert (
        Subscription.objects.filter(order_line__vendor_order__order=paid).count()
        == paid.quote.lines.count()
    )


def test_a_provisioned_subscription_is_active_with_its_access():
    subscription = SubscriptionFactory(quantity=3, provisioned=True)

    assert subscription.status == "active"
    assert subscription.quantity == 3
    assert subscription.access["url"].startswith("https://")
    assert subscription.activated_at is not None
