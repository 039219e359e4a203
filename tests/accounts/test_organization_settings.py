"""An organization's settings: its details, how it buys (fiscal year, purchase
orders, self-approval) and what its documents say (legal name, billing address,
tax number, language). Its administrators change them; members read them."""

from __future__ import annotations

import pytest

from accounts.models import Organization
from accounts.roles import OrganizationKind, Role
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Futian District Urban Management Bureau",
    "locality": "Futian District, Shenzhen",
    "legal_name": "Shenzhen Futian District Urban Management Bureau",
    "billing_address": "8 Fuzhong 3rd Road\nFutian District, Shenzhen 518048",
    "tax_id": "11440304MB2C12345X",
    "fiscal_year_start_month": "4",
    "purchase_order_required": "on",
    "language": "zh-hans",
}


@pytest.fixture
def county():
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Futian District")


def settings_of(organization) -> tuple:
    organization = Organization.objects.get(pk=organization.pk)
    return (
        organization.name,
        organization.legal_name,
        organization.billing_address,
        organization.tax_id,
        organization.fiscal_year_start_month,
        organization.purchase_order_required,
        organization.language,
        organization.allow_self_approval,
    )


def test_an_administrator_sets_how_the_organization_buys_and_is_invoiced(
    client, county
):
    admin = MembershipFactory(organization=county, role=Role.APPROVER, is_admin=True)
    client.force_login(admin.user)
    assert "Organization settings" in client.get("/account/").content.decode()

    response = client.post("/account/organization/settings/", SETTINGS)

    assert response.status_code == 302
    assert settings_of(county) == (
        "Futian District Urban Management Bureau",
        "Shenzhen Futian District Urban Management Bureau",
        "8 Fuzhong 3rd Road\nFutian District, Shenzhen 518048",
        "11440304MB2C12345X",
        4,
        True,
        "zh-hans",
        False,
    )
    page = client.get(response["Location"]).content.decode()
    assert "The settings are saved." in page
    assert '<option value="4" selected>April</option>' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fiscal_year_start_month", "13", "Select a valid choice."),
        ("language", "fr", "Select a valid choice."),
        ("name", "  ", "This field is required."),
        ("tax_id", "x" * 41, "Ensure this value has at most 40 characters"),
    ],
)
def test_bad_settings_are_shown_and_change_nothing(
    client, county, field, value, message
):
    admin = MembershipFactory(organization=county, role=Role.APPROVER, is_admin=True)
    client.force_login(admin.user)
    before = settings_of(county)

    response = client.post(
        "/account/organization/settings/", {**SETTINGS, field: value}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert settings_of(county) == before


def test_members_read_the_settings_but_cannot_change_them(client, county):
    member = MembershipFactory(organization=county, role=Role.REQUESTER)
    client.force_login(member.user)
    before = settings_of(county)

    page = client.get("/account/organization/settings/").content.decode()
    response = client.post("/account/organization/settings/", SETTINGS)

    assert "Only the organization's administrators change these" in page
    assert "Save the settings" not in page
    assert response.status_code == 403
    assert settings_of(county) == before


def test_the_api_tells_the_organizations_settings(api_client_for, county):
    county.fiscal_year_start_month = 4
    county.purchase_order_required = True
    county.legal_name = "Shenzhen Futian District Urban Management Bureau"
    county.save()
    member = MembershipFactory(organization=county, role=Role.REQUESTER)

    data = api_client_for(member.user, county).get("/api/v1/me/").json()

    organization = data["acting_for"]["organization"]
    assert organization["fiscal_year_start_month"] == 4
    assert organization["purchase_order_required"] is True
    assert organization["legal_name"] == (
        "Shenzhen Futian District Urban Management Bureau"
    )
    assert organization["language"] == "en"
    assert organization["name"] == "Futian District"
