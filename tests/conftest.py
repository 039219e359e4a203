import pytest
from rest_framework.test import APIClient

from accounts.roles import OrganizationKind, Role
from tests.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def buyer_org(db):
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")


@pytest.fixture
def requester(buyer_org):
    return MembershipFactory(organization=buyer_org, role=Role.REQUESTER).user


@pytest.fixture
def approver(buyer_org):
    return MembershipFactory(
        organization=buyer_org, role=Role.APPROVER, is_admin=True
    ).user


@pytest.fixture
def vendor_org(db):
    return OrganizationFactory(kind=OrganizationKind.VENDOR, name="Lumen Systems")
