import pytest

from accounts.roles import OrganizationKind, Role
from accounts.services import membership_create
from marketplace.services.listings import catalog_review_ensure
from tests.factories import OrganizationFactory, UserFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, vendor_member


@pytest.fixture
def review(db):
    """The review workflow; a transactional test may have flushed the migrations'."""
    return catalog_review_ensure()


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def vendor(db):
    return VendorFactory(organization__name="Lanxin IoT")


@pytest.fixture
def publisher(vendor):
    return vendor_member(vendor, Role.PUBLISHER)


@pytest.fixture
def curator(review):
    platform = OrganizationFactory(kind=OrganizationKind.PLATFORM)
    user = UserFactory()
    membership_create(organization=platform, user=user, role=Role.CURATOR)
    return user


def decide(listing, curator, action: str, comment: str = ""):
    """A curator's decision in the review workflow, as the Wagtail admin takes it."""
    task_state = listing.current_workflow_task_state
    task_state.task.specific.on_action(task_state, curator, action, comment=comment)
