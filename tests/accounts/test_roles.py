"""Roles: what each role may do, and who may change roles."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Membership
from accounts.roles import Capability, OrganizationKind, Role
from accounts.services import membership_create, membership_update
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "is_admin", "allowed", "denied"),
    [
        (
            Role.VIEWER,
            False,
            {Capability.ORGANIZATION_VIEW},
            {Capability.PACKAGE_EDIT, Capability.QUOTE_APPROVE, Capability.ORDER_PLACE},
        ),
        (
            Role.REQUESTER,
            False,
            {Capability.PACKAGE_EDIT, Capability.QUOTE_REQUEST},
            {Capability.QUOTE_APPROVE, Capability.MEMBERS_MANAGE},
        ),
        (
            Role.APPROVER,
            False,
            {Capability.QUOTE_APPROVE, Capability.PACKAGE_EDIT},
            {Capability.MEMBERS_MANAGE, Capability.LISTING_EDIT},
        ),
        (Role.APPROVER, True, {Capability.MEMBERS_MANAGE}, {Capability.LISTING_EDIT}),
        (
            Role.OWNER,
            False,
            {
                Capability.LISTING_SUBMIT,
                Capability.WEBHOOK_MANAGE,
                Capability.MEMBERS_MANAGE,
            },
            {Capability.QUOTE_APPROVE},
        ),
        (
            Role.PUBLISHER,
            False,
            {Capability.LISTING_EDIT},
            {Capability.WEBHOOK_MANAGE, Capability.SUBSCRIPTION_FULFIL},
        ),
        (
            Role.FULFILMENT,
            False,
            {Capability.SUBSCRIPTION_FULFIL},
            {Capability.LISTING_EDIT},
        ),
        (Role.CURATOR, False, {Capability.CATALOG_REVIEW}, {Capability.PACKAGE_EDIT}),
        (
            Role.FINANCE,
            False,
            {Capability.PAYMENT_MARK_PAID},
            {Capability.CATALOG_REVIEW},
        ),
    ],
)
def test_capabilities_by_role(role, is_admin, allowed, denied):
    membership = Membership(role=role, is_admin=is_admin)

    assert allowed <= membership.capabilities
    assert not denied & membership.capabilities


def test_a_role_must_belong_to_the_kind_of_organization():
    vendor = OrganizationFactory(kind=OrganizationKind.VENDOR)
    user = UserFactory()

    with pytest.raises(ValidationError, match="role does not exist"):
        membership_create(organization=vendor, user=user, role=Role.APPROVER)

    assert not Membership.objects.exists()


def test_a_vendor_owner_is_always_an_administrator():
    vendor = OrganizationFactory(kind=OrganizationKind.VENDOR)

    membership = membership_create(
        organization=vendor, user=UserFactory(), role=Role.OWNER, is_admin=False
    )

    assert membership.is_admin is True


def test_the_last_administrator_cannot_step_down(approver, buyer_org):
    membership = Membership.objects.get(user=approver)

    with pytest.raises(ValidationError, match="at least one administrator"):
        membership_update(
            membership=membership,
            role=Role.APPROVER,
            is_admin=False,
            changed_by=approver,
        )

    membership.refresh_from_db()
    assert membership.is_admin is True


def test_an_administrator_changes_a_role_through_the_page(
    client, approver, requester, buyer_org
):
    membership = Membership.objects.get(user=requester)
    client.force_login(approver)

    response = client.post(
        f"/account/organization/members/{membership.pk}/", {"role": "viewer"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_a_non_administrator_cannot_change_roles(client, approver, requester):
    membership = Membership.objects.get(user=approver)
    client.force_login(requester)

    response = client.post(
        f"/account/organization/members/{membership.pk}/", {"role": "viewer"}
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == "approver"


def test_members_of_other_organizations_are_out_of_reach(client, approver):
    outsider = MembershipFactory()
    client.force_login(approver)

    response = client.get(f"/account/organization/members/{outsider.pk}/")

    assert response.status_code == 404


def test_curators_reach_the_wagtail_admin_and_buyers_do_not(client, requester):
    platform = OrganizationFactory(kind=OrganizationKind.PLATFORM)
    curator = UserFactory()
    membership_create(organization=platform, user=curator, role=Role.CURATOR)

    client.force_login(curator)
    as_curator = client.get("/cms/")
    client.force_login(requester)
    as_buyer = client.get("/cms/")

    assert as_curator.status_code == 200
    assert as_buyer.status_code == 302


def test_a_curator_who_moves_to_finance_loses_curation_and_gets_finance(client):
    platform = OrganizationFactory(kind=OrganizationKind.PLATFORM)
    curator = UserFactory()
    membership = membership_create(
        organization=platform, user=curator, role=Role.CURATOR, is_admin=True
    )
    membership_create(
        organization=platform, user=UserFactory(), role=Role.FINANCE, is_admin=True
    )

    membership_update(
        membership=membership, role=Role.FINANCE, is_admin=True, changed_by=curator
    )

    client.force_login(curator)
    assert set(curator.groups.values_list("name", flat=True)) == {"Finance"}
    assert client.get("/cms/select/endorsements/").status_code == 302
    assert client.get("/cms/finance/orders/").status_code == 200
