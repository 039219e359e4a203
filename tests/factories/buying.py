"""Buying shortcuts for tests: a paid order of one plan, and its subscription."""

from __future__ import annotations

from accounts.models import Membership
from accounts.roles import OrganizationKind, Role
from marketplace.models import Listing, Order, Subscription
from marketplace.services.orders import order_buy_now
from marketplace.services.payments.attempts import payment_succeeded
from tests.factories.accounts import MembershipFactory, OrganizationFactory


def self_approving_buyer(**organization) -> Membership:
    """An approver of a buyer organization that allows self-approval ("buy now")."""
    county = OrganizationFactory(
        kind=OrganizationKind.BUYER, allow_self_approval=True, **organization
    )
    return MembershipFactory(organization=county, role=Role.APPROVER)


def paid_subscription(
    listing: Listing, *, quantity: int = 2, buyer: Membership | None = None
) -> Subscription:
    """Buy the listing's plan now, by invoice, recorded paid: the line's
    subscription, announced to the vendor."""
    buyer = buyer or self_approving_buyer()
    _quote, order = order_buy_now(
        membership=buyer,
        plan_id=listing.plans.get().pk,
        quantity=quantity,
        payment_method="invoice",
    )
    assert isinstance(order, Order)
    payment_succeeded(payment=order.payments.get(), amount=order.amount)
    return Subscription.objects.get(order_line__vendor_order__order=order)
