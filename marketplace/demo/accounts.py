"""Demo organizations and people. Every demo account's password is `agora-demo`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.roles import BuyerType, OrganizationKind, Role
from accounts.services import membership_create, organization_create
from vendors.models import Vendor, VerificationStatus

DEMO_PASSWORD = "agora-demo"  # noqa: S105 - published on purpose: demo logins


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    organization: str
    role: str
    is_admin: bool = False
    note: str = ""


ORGANIZATIONS: dict[str, dict] = {
    "agora-platform": {
        "name": "Agora Platform",
        "kind": OrganizationKind.PLATFORM,
        "region": "SG",
    },
    "futian-smart-city-office": {
        "name": "Futian District Smart City Office",
        "kind": OrganizationKind.BUYER,
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "CN",
        "locality": "Futian District, Shenzhen",
        "allow_self_approval": False,
    },
    "harbourview-retail-group": {
        "name": "Harbourview Retail Group",
        "kind": OrganizationKind.BUYER,
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "HK",
        "locality": "Kowloon",
        "allow_self_approval": True,
    },
    "lumen-urban-systems": {
        "name": "Lumen Urban Systems",
        "kind": OrganizationKind.VENDOR,
        "region": "CN",
    },
}

ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "buyer@demo.agora.test",
        "Mei",
        "Chen",
        "futian-smart-city-office",
        Role.REQUESTER,
        note="requester, municipal buyer (no self-approval)",
    ),
    DemoAccount(
        "approver@demo.agora.test",
        "Jun",
        "Wang",
        "futian-smart-city-office",
        Role.APPROVER,
        is_admin=True,
        note="approver, same municipal buyer",
    ),
    DemoAccount(
        "enterprise@demo.agora.test",
        "Priya",
        "Raman",
        "harbourview-retail-group",
        Role.REQUESTER,
        is_admin=True,
        note="requester, enterprise buyer",
    ),
    DemoAccount(
        "vendor@demo.agora.test",
        "Lars",
        "Eriksen",
        "lumen-urban-systems",
        Role.OWNER,
        is_admin=True,
        note="owner of a verified vendor",
    ),
    DemoAccount(
        "curator@demo.agora.test",
        "Amara",
        "Okafor",
        "agora-platform",
        Role.CURATOR,
        is_admin=True,
        note="curator (Wagtail admin at /cms/)",
    ),
]

OPERATOR = DemoAccount(
    "admin@demo.agora.test",
    "Olu",
    "Adeyemi",
    "agora-platform",
    Role.FINANCE,
    note="superuser (Django admin at /django-admin/)",
)


def _user(account: DemoAccount, **extra) -> User:
    user = User.objects.filter(email__iexact=account.email).first()
    if user is None:
        user = User.objects.create_user(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            **extra,
        )
    for field, value in extra.items():
        setattr(user, field, value)
    # The demo's addresses are ours; nobody could follow a link sent to them.
    user.email_verified_at = user.email_verified_at or timezone.now()
    # The published demo password is restored on every run.
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def seed_accounts() -> list[DemoAccount]:
    """Create (or restore) the demo organizations and accounts; safe to run again."""
    organizations: dict[str, Organization] = {}
    for slug, spec in ORGANIZATIONS.items():
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            organization = organization_create(slug=slug, **spec)
        organizations[slug] = organization

    vendor_org = organizations["lumen-urban-systems"]
    Vendor.objects.update_or_create(  # type: ignore[misc]  # multiple CountryField
        organization=vendor_org,
        defaults={
            "legal_name": "Lumen Urban Systems Co., Ltd.",
            "registration_number": "91440300MA5F0LUMEN",
            "contact_email": "sales@lumen-urban.example",
            "website": "https://lumen-urban.example",
            "regions_served": ["CN", "HK", "SG", "MY"],
            "status": VerificationStatus.VERIFIED,
            "verified_at": timezone.now(),
        },
    )

    for account in ACCOUNTS:
        user = _user(account)
        membership = membership_create(
            organization=organizations[account.organization],
            user=user,
            role=account.role,
            is_admin=account.is_admin,
        )
        Membership.objects.filter(pk=membership.pk).update(
            role=account.role, is_admin=account.is_admin or account.role == Role.OWNER
        )
    operator = _user(OPERATOR, is_staff=True, is_superuser=True)
    membership_create(
        organization=organizations[OPERATOR.organization],
        user=operator,
        role=OPERATOR.role,
    )
    return [*ACCOUNTS, OPERATOR]
