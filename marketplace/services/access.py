"""A subscription's access details as buyers see them. The initial password is
shown once, to the first member who opens them; after that it is masked, and a
member who needs it again reveals it, which is recorded (who and when) beside
the details."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from config.api.exceptions import Conflict
from marketplace.authorization import access_shown
from marketplace.models import AccessDisclosure, Disclosure, Subscription


@dataclass(frozen=True)
class Access:
    """What the page shows: the details, the password only when `password_shown`;
    `masked` when there is a password that is not shown."""

    details: dict[str, str]
    password_shown: bool = False
    masked: bool = False
    disclosures: list[AccessDisclosure] = field(default_factory=list)


def _disclosures(subscription: Subscription) -> list[AccessDisclosure]:
    return list(
        AccessDisclosure.objects.filter(subscription=subscription).select_related(
            "user"
        )
    )


def _details(subscription: Subscription) -> dict[str, str]:
    """What the vendor reported (an empty value when it reported nothing)."""
    access = subscription.access
    return dict(access) if isinstance(access, dict) else {}


def _without_password(access: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in access.items() if key != "password"}


@transaction.atomic
def subscription_access_open(
    *, membership: Membership, subscription: Subscription
) -> Access | None:
    """The access details for the member opening the subscription's page (None if
    their role or the subscription's status shows none). The first member to open
    them sees the password, and that is recorded; everyone after sees it masked."""
    if not access_shown(subscription, membership):
        return None
    access = _details(subscription)
    if not access.get("password"):
        return Access(details=access)
    # One first showing even when two members open the page at once.
    Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
    if not AccessDisclosure.objects.filter(subscription=subscription).exists():
        AccessDisclosure.objects.create(
            subscription=subscription,
            user=membership.user,
            kind=Disclosure.FIRST_VIEW,
        )
        return Access(
            details=access,
            password_shown=True,
            disclosures=_disclosures(subscription),
        )
    return Access(
        details=_without_password(access),
        masked=True,
        disclosures=_disclosures(subscription),
    )


@transaction.atomic
def subscription_access_reveal(
    *, membership: Membership, subscription: Subscription
) -> Access:
    """Show the masked password to a member whose role shows access details, and
    record that they did. The web page and the API (`POST
    /api/v1/subscriptions/{id}/access/reveal/`) both reveal through here. A role
    that shows no access details is refused (PermissionDenied), and so is a
    subscription that has none to show, not active or suspended (Conflict)."""
    if not access_shown(subscription, membership):
        if not membership.can(Capability.SUBSCRIPTION_VIEW_ACCESS):
            raise PermissionDenied(_("Your role does not show access details."))
        raise Conflict(
            _(
                "This subscription shows its access details only while it is active "
                "or suspended."
            )
        )
    access = _details(subscription)
    if access.get("password"):
        AccessDisclosure.objects.create(
            subscription=subscription,
            user=membership.user,
            kind=Disclosure.REVEALED,
        )
    return Access(
        details=access,
        password_shown=bool(access.get("password")),
        disclosures=_disclosures(subscription),
    )
