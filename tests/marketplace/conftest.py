import pytest

from accounts.roles import OrganizationKind, Role
from marketplace.models import Listing
from marketplace.services.listings import catalog_review_ensure
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
)
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)


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
    return PlatformMemberFactory(role=Role.CURATOR)


@pytest.fixture
def decide(curator):
    """`decide(listing, action, comment="")`: the curator's decision on the listing's
    current review task ("approve", "reject"), as the Wagtail admin takes it."""

    def take(listing: Listing, action: str, comment: str = "") -> None:
        task_state = Listing.objects.get(pk=listing.pk).current_workflow_task_state
        task_state.task.specific.on_action(task_state, curator, action, comment=comment)

    return take


# Buying through the API ------------------------------------------------------------


@pytest.fixture
def buyers(db, api_client_for):
    """API clients of Riverside County's requester and approver, and of an approver
    of another organization."""
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    other = MembershipFactory(role=Role.APPROVER)
    return {
        "requester": api_client_for(requester, county),
        "approver": api_client_for(approver, county),
        "approver_user": approver,
        "other": api_client_for(other.user, other.organization),
    }


@pytest.fixture
def plans(db):
    """The one-time 680.00 plans of two vendors' listings in two categories."""
    manholes = CategoryFactory()
    cameras = CategoryFactory(slug="video-surveillance", name="Video surveillance")
    guard = published_listing(
        title="Manhole Guard", vendor=VendorFactory(), category=manholes
    )
    eye = published_listing(title="City Eye", vendor=VendorFactory(), category=cameras)
    return guard.plans.get(), eye.plans.get()


@pytest.fixture
def compose(plans):
    """`compose(client)`: a package of 40 units of the first plan and 6 of the second,
    composed through the API by the client; the package as the API shows it."""

    def package(client) -> dict:
        created = client.post("/api/v1/packages/", {"name": "Pilot district"}).json()
        for plan, quantity in zip(plans, (40, 6), strict=True):
            response = client.post(
                f"/api/v1/packages/{created['id']}/lines/",
                {"plan": plan.pk, "quantity": quantity, "phase": 1},
            )
            assert response.status_code == 201, response.content
        return client.get(f"/api/v1/packages/{created['id']}/").json()

    return package
