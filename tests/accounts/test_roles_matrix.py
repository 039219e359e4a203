"""One authorization model: the documented matrix is the code's, `can` answers
from it for members and platform staff alike, and the staff groups' Django
permissions follow from it after every migrate."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from accounts.permissions import can, role_permissions, staff_group, staff_groups_sync
from accounts.roles import STAFF_GROUP_SETTINGS, Capability, Role, role_capabilities
from tests.factories import MembershipFactory, PlatformMemberFactory, UserFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def documented_matrix() -> dict[str, set[str]]:
    """docs/roles.md's table: role → the capabilities ticked in its column."""
    lines = [line for line in DOC.read_text().splitlines() if line.startswith("|")]
    roles = [cell.strip() for cell in lines[0].strip("|").split("|")][1:]
    matrix: dict[str, set[str]] = {role: set() for role in roles}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        capability = re.fullmatch(r"`(.+)`", cells[0]).group(1)
        for role, cell in zip(roles, cells[1:], strict=True):
            if cell == "✓":
                matrix[role].add(capability)
    return matrix


def test_the_documented_matrix_is_the_codes():
    matrix = documented_matrix()
    assert set(matrix) == set(Role.values)
    every = {capability.value for capability in Capability}
    assert set().union(*matrix.values()) <= every
    for role in Role:
        assert matrix[role.value] == {c.value for c in role_capabilities(role)}, role
        # An administrator may also manage the members.
        assert Capability.MEMBERS_MANAGE in role_capabilities(role, is_admin=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        (Role.CURATOR, Capability.CATALOG_REVIEW, True),
        (Role.CURATOR, Capability.VENDOR_VERIFY, True),
        (Role.CURATOR, Capability.PAYMENT_MARK_PAID, False),
        (Role.FINANCE, Capability.PAYMENT_MARK_PAID, True),
        (Role.FINANCE, Capability.ORDERS_AUDIT, True),
        (Role.FINANCE, Capability.CATALOG_REVIEW, False),
        (Role.FINANCE, Capability.SUBSCRIPTION_MANAGE, True),
    ],
)
def test_platform_staff_can_what_their_role_says(role, capability, allowed):
    staff = PlatformMemberFactory(role=role)
    assert can(staff, capability) is allowed


@pytest.mark.django_db
def test_a_member_acts_through_the_membership_and_only_there():
    approver = MembershipFactory(role=Role.APPROVER)
    assert can(approver, Capability.QUOTE_APPROVE)
    # A user on their own holds no buyer capability: it needs the organization.
    assert not can(approver.user, Capability.QUOTE_APPROVE)
    # Nor a platform one.
    assert not can(approver.user, Capability.CATALOG_REVIEW)
    approver.user.is_active = False
    assert not can(approver, Capability.QUOTE_APPROVE)


@pytest.mark.django_db
def test_a_superuser_has_every_platform_capability_and_nobody_else_by_accident():
    root = UserFactory(is_superuser=True, is_staff=True)
    assert can(root, Capability.PAYMENT_MARK_PAID)
    assert can(root, Capability.CATALOG_REVIEW)
    # The staff group without the platform role is not the role.
    loner = UserFactory()
    loner.groups.add(staff_group(Role.CURATOR))
    assert not can(loner, Capability.CATALOG_REVIEW)
    assert not can(None, Capability.CATALOG_REVIEW)


@pytest.mark.django_db
def test_staff_groups_hold_exactly_their_capabilities_permissions():
    for role in STAFF_GROUP_SETTINGS:
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in staff_group(role).permissions.select_related("content_type")
        }
        assert held == role_permissions(role), role
    # A grant made by hand in the admin is taken away at the next sync.
    curators = staff_group(Role.CURATOR)
    curators.permissions.add(
        Permission.objects.get(
            content_type__app_label="marketplace", codename="change_payment"
        )
    )
    staff_groups_sync()
    assert not curators.permissions.filter(codename="change_payment").exists()
    assert curators.permissions.filter(codename="publish_listing").exists()


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_its_groups_back():
    call_command("flush", interactive=False, verbosity=0)
    finance = staff_group(Role.FINANCE)
    assert finance.permissions.filter(codename="change_payment").exists()
    staff = PlatformMemberFactory(role=Role.FINANCE)
    assert staff.has_perm("marketplace.change_payment")
    assert staff.groups.filter(pk=finance.pk).exists()


def test_every_capability_is_checked_somewhere():
    """A capability is asked for in code (`Capability.X`, `Can.X`) or gives the
    staff groups permissions the Wagtail admin checks; none is only declared."""
    from accounts.permissions import capability_permissions

    root = Path(__file__).resolve().parents[2]
    source = "\n".join(
        path.read_text()
        for package in (
            "accounts",
            "analytics",
            "marketplace",
            "notifications",
            "reviews",
            "search",
            "vendors",
        )
        for path in (root / package).rglob("*.py")
        if path.name != "roles.py" and "migrations" not in path.parts
    )
    declared = capability_permissions()
    for capability in Capability:
        asked = re.search(rf"\b(Capability|Can)\.{capability.name}\b", source)
        assert asked or declared.get(capability), capability
