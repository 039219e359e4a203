"""Demo organizations and people. Every demo account's password is `agora-demo`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
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

# More buyers, whose twelve months of orders and reviews (`demo.history`) fill the
# statistics: municipal and enterprise, across the regions the store serves. Each
# has a requester and an approver; the enterprises that allow self-approval let
# their approver order alone. Their people sign in with the demo password too.
BUYERS: dict[str, dict] = {
    "guangming-urban-management": {
        "name": "Guangming District Urban Management Bureau",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "CN",
        "locality": "Guangming District, Shenzhen",
    },
    "xihu-smart-city-centre": {
        "name": "Xihu District Smart City Centre",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "CN",
        "locality": "Xihu District, Hangzhou",
    },
    "sha-tin-district-facilities": {
        "name": "Sha Tin District Facilities Office",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "HK",
        "locality": "Sha Tin",
    },
    "punggol-town-council": {
        "name": "Punggol Town Council",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "SG",
        "locality": "Punggol",
    },
    "kohoku-ward-office": {
        "name": "Kohoku Ward Office",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "JP",
        "locality": "Kohoku Ward, Yokohama",
    },
    "petaling-jaya-city-services": {
        "name": "Petaling Jaya City Services Department",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "MY",
        "locality": "Petaling Jaya",
    },
    "al-nahda-municipal-centre": {
        "name": "Al Nahda Municipal Services Centre",
        "buyer_type": BuyerType.MUNICIPAL,
        "region": "AE",
        "locality": "Al Nahda, Dubai",
    },
    "pearl-delta-manufacturing": {
        "name": "Pearl Delta Manufacturing Co.",
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "CN",
        "locality": "Dongguan",
        "allow_self_approval": True,
    },
    "victoria-harbour-clinics": {
        "name": "Victoria Harbour Clinics",
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "HK",
        "locality": "Wan Chai",
    },
    "meridian-logistics": {
        "name": "Meridian Logistics Pte. Ltd.",
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "SG",
        "locality": "Jurong",
        "allow_self_approval": True,
    },
    "kinsei-department-stores": {
        "name": "Kinsei Department Stores",
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "JP",
        "locality": "Osaka",
    },
    "straits-hospitality-group": {
        "name": "Straits Hospitality Group",
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "MY",
        "locality": "Kuala Lumpur",
    },
    "gulfstar-properties": {
        "name": "Gulfstar Properties LLC",
        "buyer_type": BuyerType.ENTERPRISE,
        "region": "AE",
        "locality": "Abu Dhabi",
        "allow_self_approval": True,
    },
}

# First and last names of each buyer's requester and approver, in BUYERS' order.
_PEOPLE = [
    (("Hao", "Liu"), ("Yan", "Zhou")),
    (("Qing", "Xu"), ("Bo", "Sun")),
    (("Ka-ming", "Lau"), ("Wing", "Cheung")),
    (("Siti", "Rahman"), ("Daniel", "Tan")),
    (("Haruto", "Sato"), ("Yui", "Takahashi")),
    (("Aisyah", "Ismail"), ("Kumar", "Pillai")),
    (("Fatima", "Al Mansoori"), ("Omar", "Haddad")),
    (("Lei", "Huang"), ("Min", "Guo")),
    (("Grace", "Ho"), ("Martin", "Leung")),
    (("Arjun", "Nair"), ("Li Ting", "Goh")),
    (("Ren", "Kobayashi"), ("Emi", "Watanabe")),
    (("Farah", "Aziz"), ("Jason", "Lim")),
    (("Khalid", "Saeed"), ("Nadia", "Farouk")),
]


def buyer_accounts(slug: str) -> tuple[DemoAccount, DemoAccount]:
    """The requester and the approver of one of `BUYERS`."""
    requester, approver = _PEOPLE[list(BUYERS).index(slug)]
    return (
        DemoAccount(
            f"requester@{slug}.demo.agora.test",
            *requester,
            slug,
            Role.REQUESTER,
            note="requester",
        ),
        DemoAccount(
            f"approver@{slug}.demo.agora.test",
            *approver,
            slug,
            Role.APPROVER,
            is_admin=True,
            note="approver",
        ),
    )


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


def _person(account: DemoAccount, password: str) -> User:
    """A buyer's member, with the demo password's hash made once for all of them
    (hashing is slow on purpose)."""
    user = User.objects.filter(email__iexact=account.email).first()
    if user is None:
        user = User.objects.create_user(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
        )
        user.email_verified_at = timezone.now()
        user.password = password
        user.save()
    return user


def _seed_buyers() -> None:
    password = make_password(DEMO_PASSWORD)
    for slug, spec in BUYERS.items():
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            organization = organization_create(
                slug=slug, kind=OrganizationKind.BUYER, **spec
            )
        for account in buyer_accounts(slug):
            membership_create(
                organization=organization,
                user=_person(account, password),
                role=account.role,
                is_admin=account.is_admin,
            )


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
    _seed_buyers()
    operator = _user(OPERATOR, is_staff=True, is_superuser=True)
    membership_create(
        organization=organizations[OPERATOR.organization],
        user=operator,
        role=OPERATOR.role,
    )
    return [*ACCOUNTS, OPERATOR]
