import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.roles import OrganizationKind, Role
from tests.factories import MembershipFactory, OrganizationFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: with Redis the cache outlives the test
    database, and Wagtail keeps the site's page paths in it. (Give the tests a Redis
    database of their own: it is flushed.)"""
    cache.clear()
    yield
    cache.clear()


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
