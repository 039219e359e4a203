"""The initial password of a subscription's access details in API v1: masked in the
list and the detail, answered by a reveal that is recorded as a reveal on the
subscription's page is, to the same members."""

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.roles import OrganizationKind, Role
from marketplace.models import AccessDisclosure
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import SubscriptionFactory
from tests.factories.catalog import VendorFactory, vendor_member

pytestmark = pytest.mark.django_db

OPENED_AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
REVEALED_AT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def reveal_url(subscription) -> str:
    return f"/api/v1/subscriptions/{subscription.pk}/access/reveal/"


def test_the_list_and_the_detail_mask_the_initial_password(
    provisioned, buyer_org, approver, api_client_for
):
    api = api_client_for(approver, buyer_org)

    listed = api.get("/api/v1/subscriptions/")
    detail = api.get(f"/api/v1/subscriptions/{provisioned.pk}/")

    masked = {
        "url": "https://cams.vendor.example/riverside",
        "username": "riverside-admin",
        "password": None,
        "password_masked": True,
        "password_reveal_url": f"http://testserver{reveal_url(provisioned)}",
    }
    assert listed.json()[0]["access"] == masked
    assert detail.json()["access"] == masked
    for response in (listed, detail):
        assert "s3cret-pass" not in response.content.decode()
    # Reading is not revealing: nothing is recorded.
    assert not AccessDisclosure.objects.exists()


def test_details_without_a_password_have_nothing_to_reveal(
    buyer_org, approver, api_client_for
):
    subscription = SubscriptionFactory(organization=buyer_org, provisioned=True)
    api = api_client_for(approver, buyer_org)

    access = api.get(f"/api/v1/subscriptions/{subscription.pk}/").json()["access"]
    revealed = api.post(reveal_url(subscription))

    assert access == {
        "url": "https://service.vendor.example/",
        "password": None,
        "password_masked": False,
        "password_reveal_url": None,
    }
    assert revealed.status_code == 200
    assert revealed.json()["password"] is None
    assert revealed.json()["disclosures"] == []
    assert not AccessDisclosure.objects.exists()


def test_a_reveal_answers_the_password_and_records_who_and_when(
    client, provisioned, buyer_org, approver, api_client_for
):
    colleague = MembershipFactory(organization=buyer_org, role=Role.VIEWER).user
    # The approver opens the subscription's page first: shown once, on the record.
    client.force_login(approver)
    with time_machine.travel(OPENED_AT, tick=False):
        client.get(f"/subscriptions/{provisioned.pk}/")

    with time_machine.travel(REVEALED_AT, tick=False):
        response = api_client_for(colleague, buyer_org).post(reveal_url(provisioned))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["password"] == "s3cret-pass"
    assert body["password_masked"] is False
    assert body["username"] == "riverside-admin"
    assert [(item["kind"], item["by"]) for item in body["disclosures"]] == [
        ("first_view", approver.email),
        ("revealed", colleague.email),
    ]
    assert body["disclosures"][-1]["at"] == "2026-03-02T08:30:00Z"
    assert [
        (disclosure.user, disclosure.kind, disclosure.at)
        for disclosure in AccessDisclosure.objects.filter(kind="revealed")
    ] == [(colleague, "revealed", REVEALED_AT)]
    # The subscription's page lists the API's reveal beside its own.
    page = client.get(f"/subscriptions/{provisioned.pk}/").content.decode()
    assert "s3cret-pass" not in page
    assert "Revealed by" in page


def test_each_reveal_is_recorded(provisioned, buyer_org, approver, api_client_for):
    api = api_client_for(approver, buyer_org)

    api.post(reveal_url(provisioned))
    again = api.post(reveal_url(provisioned)).json()

    assert [item["kind"] for item in again["disclosures"]] == ["revealed", "revealed"]
    assert AccessDisclosure.objects.filter(user=approver).count() == 2


def test_revealing_is_a_post(provisioned, buyer_org, approver, api_client_for):
    api = api_client_for(approver, buyer_org)

    assert api.get(reveal_url(provisioned)).status_code == 405
    assert not AccessDisclosure.objects.exists()


def test_anonymous_callers_reveal_nothing(provisioned, api_client):
    response = api_client.post(reveal_url(provisioned))

    assert response.status_code == 401
    assert "s3cret-pass" not in response.content.decode()
    assert not AccessDisclosure.objects.exists()


@pytest.fixture
def outsiders(db):
    """Members of organizations the subscription is not theirs: another buyer's
    approver and a vendor's owner."""
    other = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER),
        role=Role.APPROVER,
    )
    vendor = VendorFactory()
    return {
        "another buyer": (other.user, other.organization),
        "a vendor": (vendor_member(vendor, Role.OWNER), vendor.organization),
    }


@pytest.mark.parametrize("who", ["another buyer", "a vendor"])
def test_another_organization_gets_404_and_nothing_is_recorded(
    provisioned, outsiders, api_client_for, who
):
    user, organization = outsiders[who]

    response = api_client_for(user, organization).post(reveal_url(provisioned))

    assert response.status_code == 404
    assert response.json()["type"] == "client_error"
    assert "s3cret-pass" not in response.content.decode()
    assert not AccessDisclosure.objects.exists()


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.APPROVER, Role.VIEWER])
def test_the_api_and_the_page_let_the_same_members_reveal(
    client, provisioned, buyer_org, api_client_for, role
):
    member = MembershipFactory(organization=buyer_org, role=role).user
    client.force_login(member)

    on_the_page = client.post(f"/subscriptions/{provisioned.pk}/access/reveal/")
    through_the_api = api_client_for(member, buyer_org).post(reveal_url(provisioned))

    assert "s3cret-pass" in on_the_page.content.decode()
    assert through_the_api.json()["password"] == "s3cret-pass"
    assert AccessDisclosure.objects.filter(user=member).count() == 2


def test_a_subscription_not_active_reveals_nothing_anywhere(
    client, buyer_org, approver, api_client_for
):
    pending = SubscriptionFactory(organization=buyer_org)
    client.force_login(approver)

    through_the_api = api_client_for(approver, buyer_org).post(reveal_url(pending))
    on_the_page = client.post(
        f"/subscriptions/{pending.pk}/access/reveal/", follow=True
    )

    assert through_the_api.status_code == 409
    assert through_the_api.json()["errors"][0]["detail"] == (
        "This subscription shows its access details only while it is active or "
        "suspended."
    )
    assert "only while it is active or suspended" in on_the_page.content.decode()
    assert not AccessDisclosure.objects.exists()
