"""Who may do what with the buying records: one place for the rules that the
services, views and the API all apply.

A member acts for one organization; another organization's records are refused.
Platform staff act through Django permissions (finance: `change_payment`; platform
staff: `change_subscription`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.permissions import can
from accounts.roles import Capability
from marketplace.models import Package, Quote, Subscription, SubscriptionStatus


def permits(check: Callable[..., None], *args) -> bool:
    """Whether a check passes: for a page that shows a button only to those the
    service will let through."""
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def buyer_require(membership: Membership, capability: Capability) -> None:
    """The member belongs to a buyer organization and its role has `capability`."""
    if not membership.organization.is_buyer or not membership.can(capability):
        raise PermissionDenied(_("Your role does not allow this."))


def package_own(membership: Membership, package: Package) -> None:
    if package.organization_id != membership.organization_id:
        raise PermissionDenied(_("This package belongs to another organization."))


def quote_own(membership: Membership, quote: Quote) -> None:
    if quote.organization_id != membership.organization_id:
        raise PermissionDenied(_("This quote belongs to another organization."))


def quote_may_approve(membership: Membership, quote: Quote) -> None:
    """An approver of the quote's organization, and not its requester unless the
    organization allows self-approval."""
    quote_own(membership, quote)
    if not membership.can(Capability.QUOTE_APPROVE):
        raise PermissionDenied(_("Only approvers can approve quotes."))
    if (
        quote.requested_by_id == membership.user_id
        and not membership.organization.allow_self_approval
    ):
        raise PermissionDenied(
            _("Someone other than the requester approves this quote.")
        )


def orders_allowed(membership: Membership, organization_id: int) -> None:
    """The member acts for this organization with a role that places orders (and
    so pays, cancels and ends what they bought)."""
    if organization_id != membership.organization_id or not membership.can(
        Capability.ORDER_PLACE
    ):
        raise PermissionDenied(_("Your role does not allow this."))


def access_shown(subscription: Subscription, membership: Membership) -> bool:
    """The access details are shown to members whose role shows them, once the
    vendor provisioned the subscription (and while it is suspended)."""
    return membership.can(Capability.SUBSCRIPTION_VIEW_ACCESS) and (
        subscription.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED)
    )


def finance_require(user: User, message: str) -> None:
    """Platform finance staff: they mark invoices paid and refund."""
    if not can(user, Capability.PAYMENT_MARK_PAID):
        raise PermissionDenied(message)


def subscription_staff_require(user: User) -> None:
    if not can(user, Capability.SUBSCRIPTION_MANAGE):
        raise PermissionDenied(_("Only platform staff change subscriptions."))
