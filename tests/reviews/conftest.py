import pytest

from accounts.roles import Role
from tests.factories import MembershipFactory
from tests.factories.buying import SubscriptionFactory


@pytest.fixture
def used(db):
    """A published listing, and an approver of a buyer organization whose
    subscription to it was delivered: who may review it."""
    subscription = SubscriptionFactory(provisioned=True)
    listing = subscription.order_line.quote_line.listing
    buyer = MembershipFactory(
        organization=subscription.organization, role=Role.APPROVER
    )
    return listing, buyer
