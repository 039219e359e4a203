"""Organization roles and what each one may do.

Views, services and API permissions ask for a capability, never for a role name
or a Django permission, so that the matrix lives here in one place
(`accounts.permissions.can`). Platform staff hold their capabilities through their
role in the platform organization; the Django permissions the Wagtail admin checks
follow from those capabilities. The matrix is documented in docs/roles.md, and a
test compares the two.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    VENDOR = "vendor", _("Vendor")
    PLATFORM = "platform", _("Platform")


class BuyerType(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    ENTERPRISE = "enterprise", _("Enterprise")


class Role(models.TextChoices):
    # Buyer organizations
    REQUESTER = "requester", _("Requester")
    APPROVER = "approver", _("Approver")
    VIEWER = "viewer", _("Viewer")
    # Vendor organizations
    OWNER = "owner", _("Owner")
    PUBLISHER = "publisher", _("Publisher")
    FULFILMENT = "fulfilment", _("Fulfilment")
    # The platform itself
    CURATOR = "curator", _("Curator")
    FINANCE = "finance", _("Finance")


ROLES_BY_KIND: dict[str, tuple[Role, ...]] = {
    OrganizationKind.BUYER: (Role.REQUESTER, Role.APPROVER, Role.VIEWER),
    OrganizationKind.VENDOR: (Role.OWNER, Role.PUBLISHER, Role.FULFILMENT),
    OrganizationKind.PLATFORM: (Role.CURATOR, Role.FINANCE),
}


class Capability(StrEnum):
    ORGANIZATION_VIEW = "organization.view"
    MEMBERS_MANAGE = "members.manage"
    # Buyers
    PACKAGE_EDIT = "package.edit"
    QUOTE_REQUEST = "quote.request"
    QUOTE_APPROVE = "quote.approve"
    ORDER_PLACE = "order.place"
    SUBSCRIPTION_VIEW_ACCESS = "subscription.view_access"
    REVIEW_WRITE = "review.write"
    # Vendors
    LISTING_EDIT = "listing.edit"
    LISTING_SUBMIT = "listing.submit"
    WEBHOOK_MANAGE = "webhook.manage"
    SUBSCRIPTION_FULFIL = "subscription.fulfil"
    VENDOR_ORDERS_VIEW = "vendor_orders.view"
    REVIEW_REPLY = "review.reply"
    # Platform staff (their role in the platform organization)
    ADMIN_ACCESS = "admin.access"
    CATALOG_REVIEW = "catalog.review"
    CATALOG_CURATE = "catalog.curate"
    VENDOR_VERIFY = "vendor.verify"
    SUBSCRIPTION_MANAGE = "subscription.manage"
    WEBHOOK_MONITOR = "webhook.monitor"
    ORDERS_AUDIT = "orders.audit"
    PAYMENT_MARK_PAID = "payment.mark_paid"
    STATISTICS_VIEW = "statistics.view"


_BUYER_READ = {Capability.ORGANIZATION_VIEW, Capability.SUBSCRIPTION_VIEW_ACCESS}
_BUYER_COMPOSE = _BUYER_READ | {
    Capability.PACKAGE_EDIT,
    Capability.QUOTE_REQUEST,
    Capability.ORDER_PLACE,
    Capability.REVIEW_WRITE,
}

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.VIEWER: frozenset(_BUYER_READ),
    Role.REQUESTER: frozenset(_BUYER_COMPOSE),
    # Approvers can compose too; approving one's own quote is a separate rule that
    # depends on the organization (separation of duties).
    Role.APPROVER: frozenset(_BUYER_COMPOSE | {Capability.QUOTE_APPROVE}),
    Role.OWNER: frozenset(
        {
            Capability.ORGANIZATION_VIEW,
            Capability.MEMBERS_MANAGE,
            Capability.LISTING_EDIT,
            Capability.LISTING_SUBMIT,
            Capability.WEBHOOK_MANAGE,
            Capability.SUBSCRIPTION_FULFIL,
            Capability.VENDOR_ORDERS_VIEW,
            Capability.REVIEW_REPLY,
        }
    ),
    Role.PUBLISHER: frozenset(
        {
            Capability.ORGANIZATION_VIEW,
            Capability.LISTING_EDIT,
            Capability.LISTING_SUBMIT,
            Capability.REVIEW_REPLY,
        }
    ),
    Role.FULFILMENT: frozenset(
        {
            Capability.ORGANIZATION_VIEW,
            Capability.WEBHOOK_MANAGE,
            Capability.SUBSCRIPTION_FULFIL,
            Capability.VENDOR_ORDERS_VIEW,
        }
    ),
    Role.CURATOR: frozenset(
        {
            Capability.ORGANIZATION_VIEW,
            Capability.ADMIN_ACCESS,
            Capability.CATALOG_REVIEW,
            Capability.CATALOG_CURATE,
            Capability.VENDOR_VERIFY,
            Capability.SUBSCRIPTION_MANAGE,
            Capability.WEBHOOK_MONITOR,
            Capability.STATISTICS_VIEW,
        }
    ),
    Role.FINANCE: frozenset(
        {
            Capability.ORGANIZATION_VIEW,
            Capability.ADMIN_ACCESS,
            Capability.ORDERS_AUDIT,
            Capability.PAYMENT_MARK_PAID,
            Capability.SUBSCRIPTION_MANAGE,
            Capability.STATISTICS_VIEW,
        }
    ),
}

# The platform roles whose holders work in the Wagtail admin, each through a group
# of that name (settings), which `accounts.permissions` keeps in step.
STAFF_GROUP_SETTINGS: dict[str, str] = {
    Role.CURATOR: "CURATORS_GROUP",
    Role.FINANCE: "FINANCE_GROUP",
}

PLATFORM_CAPABILITIES = frozenset(
    CAPABILITIES[Role.CURATOR] | CAPABILITIES[Role.FINANCE]
) - {Capability.ORGANIZATION_VIEW}


def role_capabilities(role: str, *, is_admin: bool = False) -> frozenset[Capability]:
    capabilities = CAPABILITIES.get(role, frozenset())
    if is_admin:
        capabilities |= {Capability.MEMBERS_MANAGE}
    return capabilities


def roles_for_kind(kind: str) -> tuple[Role, ...]:
    return ROLES_BY_KIND.get(kind, ())
