"""Whom to tell: the people of an organization whose role concerns an event, and
the platform's curators."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts.models import Organization, User
from accounts.roles import Capability
from accounts.selectors import members_able


def buyers_of(organization: Organization) -> QuerySet[User]:
    """A buyer organization's requesters and administrators: the members who
    order, pay and manage what it bought."""
    ordering = members_able(
        organization=organization, capability=Capability.ORDER_PLACE
    )
    admins = members_able(
        organization=organization, capability=Capability.MEMBERS_MANAGE
    )
    return User.objects.filter(
        Q(pk__in=ordering.order_by().values("pk"))
        | Q(pk__in=admins.order_by().values("pk"))
    ).order_by("email")


def fulfilment_of(organization: Organization) -> QuerySet[User]:
    """A vendor organization's members who see its orders and fulfil them."""
    return members_able(
        organization=organization, capability=Capability.VENDOR_ORDERS_VIEW
    )


def publishers_of(organization: Organization) -> QuerySet[User]:
    """A vendor organization's members who submit its listings for review."""
    return members_able(organization=organization, capability=Capability.LISTING_SUBMIT)


def curators() -> QuerySet[User]:
    """The platform's curators (the staff group the review workflow asks)."""
    return User.objects.filter(
        groups__name=settings.CURATORS_GROUP, is_active=True
    ).order_by("email")
