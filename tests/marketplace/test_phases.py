"""A package's phases: named, dated and annotated, on the package's page and
through the API; lines grouped by phase with each phase's totals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from marketplace.models import PackagePhase
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import (
    PackageFactory,
    PackageLineFactory,
    PackagePhaseFactory,
)
from tests.factories.catalog import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Futian District")


@pytest.fixture
def requester(county):
    return MembershipFactory(organization=county, role=Role.REQUESTER).user


@pytest.fixture
def package(county):
    """A pilot of 4 sensors (phase 1) and a rollout of 1,000 (phase 2)."""
    package = PackageFactory(organization=county, name="Smart manholes")
    sensors = PlanFactory(unit_price=50_000)
    PackagePhaseFactory(package=package, number=1, name="Pilot: Futian district")
    PackagePhaseFactory(package=package, number=2, name="City-wide rollout")
    PackageLineFactory(package=package, plan=sensors, quantity=4, phase=1)
    PackageLineFactory(package=package, plan=sensors, quantity=1_000, phase=2)
    return package


def phases_of(package) -> list[tuple]:
    return list(
        PackagePhase.objects.filter(package=package).values_list(
            "number", "name", "planned_start", "note"
        )
    )


# The package's page ----------------------------------------------------------------


def test_the_page_groups_the_lines_by_phase_with_each_phases_totals(
    client, requester, package
):
    client.force_login(requester)

    page = client.get(f"/packages/{package.pk}/").content.decode()

    pilot = page.index("Phase 1: Pilot: Futian district")
    city = page.index("Phase 2: City-wide rollout")
    assert pilot < city
    # Each phase's lines and its one-time total under its heading.
    assert page.index("CNY 2,000.00", pilot) < city
    assert page.index("CNY 500,000.00", city) > city
    assert "Not dated yet: its costs are counted from today" in page
    assert "Add phase 3" in page


def test_a_phase_is_named_dated_and_annotated_on_the_page(client, requester, package):
    client.force_login(requester)
    start = timezone.localdate() + timedelta(days=120)

    response = client.post(
        f"/packages/{package.pk}/phases/2/",
        {
            "phase-2-name": "City-wide rollout, 1,000 covers",
            "phase-2-planned_start": start.isoformat(),
            "phase-2-note": "After the pilot's review",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/packages/{package.pk}/#phase-2"
    assert phases_of(package)[1] == (
        2,
        "City-wide rollout, 1,000 covers",
        start,
        "After the pilot's review",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Phase 2: City-wide rollout, 1,000 covers" in page
    assert "After the pilot&#x27;s review" in page


def test_a_wrong_date_is_shown_on_the_form_and_changes_nothing(
    client, requester, package
):
    client.force_login(requester)
    before = phases_of(package)

    response = client.post(
        f"/packages/{package.pk}/phases/2/",
        {"phase-2-name": "", "phase-2-planned_start": "2027-13-45"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page
    assert "This field is required." in page
    assert '<details class="margin-bottom-2" open>' in page
    assert phases_of(package) == before


def test_a_start_decades_away_is_refused(client, requester, package):
    client.force_login(requester)
    before = phases_of(package)

    response = client.post(
        f"/packages/{package.pk}/phases/2/",
        {"phase-2-name": "Rollout", "phase-2-planned_start": "2090-01-01"},
    )

    assert response.status_code == 400
    assert "Plan the start within 10 years of today." in response.content.decode()
    assert phases_of(package) == before


def test_a_phase_is_added_after_the_last(client, requester, package):
    client.force_login(requester)

    response = client.post(
        f"/packages/{package.pk}/phases/", {"new-phase-name": "", "new-phase-note": ""}
    )

    assert response["Location"] == f"/packages/{package.pk}/#phase-3"
    assert phases_of(package)[2] == (3, "Phase 3", None, "")
    page = client.get(f"/packages/{package.pk}/").content.decode()
    assert "Phase 3: Phase 3" in page
    assert "No solutions in this phase yet" in page


def test_a_line_moved_to_a_new_phase_gets_a_phase(client, requester, package):
    client.force_login(requester)
    line = package.lines.get(phase=2)

    client.post(
        f"/packages/{package.pk}/lines/{line.pk}/",
        {"action": "update", "quantity": 1_000, "phase": 3, "site": ""},
    )

    assert phases_of(package)[2] == (3, "Phase 3", None, "")


def test_another_organizations_package_and_an_unknown_phase_are_not_found(
    client, package
):
    stranger = MembershipFactory(role=Role.APPROVER)
    client.force_login(stranger.user)

    assert client.get(f"/packages/{package.pk}/").status_code == 404
    response = client.post(
        f"/packages/{package.pk}/phases/1/", {"phase-1-name": "Mine now"}
    )
    assert response.status_code == 404
    assert client.post(f"/packages/{package.pk}/phases/").status_code == 404
    assert phases_of(package)[0][1] == "Pilot: Futian district"


def test_viewers_see_the_phases_without_the_forms(client, county, package):
    client.force_login(MembershipFactory(organization=county, role=Role.VIEWER).user)

    page = client.get(f"/packages/{package.pk}/").content.decode()

    assert "Phase 1: Pilot: Futian district" in page
    assert "Save phase 1" not in page and "Add phase 3" not in page


# The API ---------------------------------------------------------------------------


@pytest.fixture
def api(api_client_for, requester, county):
    return api_client_for(requester, county)


def test_the_api_lists_a_packages_phases(api, package):
    response = api.get(f"/api/v1/packages/{package.pk}/phases/")

    assert response.status_code == 200
    pilot, city = response.json()
    assert (pilot["number"], pilot["name"], pilot["planned_start"]) == (
        1,
        "Pilot: Futian district",
        None,
    )
    assert pilot["totals"]["one_time"] == {"amount": 200_000, "currency": "CNY"}
    assert city["lines"] == [package.lines.get(phase=2).pk]


def test_the_api_adds_a_phase(api, package):
    response = api.post(
        f"/api/v1/packages/{package.pk}/phases/",
        {"name": "Luohu district", "planned_start": "2027-09-01"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json() == {
        "number": 3,
        "name": "Luohu district",
        "planned_start": "2027-09-01",
        "note": "",
        "lines": [],
        "totals": {
            name: {"amount": 0, "currency": "CNY"}
            for name in ("one_time", "monthly", "annual", "first_year")
        },
    }


def test_the_api_renames_and_dates_a_phase(api, package):
    response = api.patch(
        f"/api/v1/packages/{package.pk}/phases/2/",
        {"planned_start": "2027-04-01", "note": "After the review"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["planned_start"] == "2027-04-01"
    assert phases_of(package)[1] == (
        2,
        "City-wide rollout",
        date(2027, 4, 1),
        "After the review",
    )
    cleared = api.patch(
        f"/api/v1/packages/{package.pk}/phases/2/",
        {"planned_start": None},
        format="json",
    )
    assert cleared.json()["planned_start"] is None
    assert cleared.json()["name"] == "City-wide rollout"


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"planned_start": "2027-02-30"}, "planned_start"),
        ({"planned_start": "next spring"}, "planned_start"),
        ({"planned_start": "2090-01-01"}, "planned_start"),
        ({"note": "x" * 241}, "note"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(
    api, package, body, attr
):
    before = phases_of(package)

    response = api.patch(
        f"/api/v1/packages/{package.pk}/phases/2/", body, format="json"
    )

    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == [attr]
    assert phases_of(package) == before


def test_another_organization_and_an_unknown_phase_answer_404(
    api_client_for, api, package
):
    stranger = MembershipFactory(role=Role.APPROVER)
    other = api_client_for(stranger.user, stranger.organization)

    assert other.get(f"/api/v1/packages/{package.pk}/phases/").status_code == 404
    assert (
        other.patch(
            f"/api/v1/packages/{package.pk}/phases/1/", {"name": "Mine"}, format="json"
        ).status_code
        == 404
    )
    assert other.post(f"/api/v1/packages/{package.pk}/phases/", {}).status_code == 404
    assert (
        api.patch(
            f"/api/v1/packages/{package.pk}/phases/9/", {"name": "Nine"}, format="json"
        ).status_code
        == 404
    )
    assert api.get(f"/api/v1/packages/{package.pk}/phases/9/").status_code == 404
    assert len(phases_of(package)) == 2


def test_viewers_cannot_change_phases(api_client_for, county, package):
    viewer = MembershipFactory(organization=county, role=Role.VIEWER).user

    response = api_client_for(viewer, county).post(
        f"/api/v1/packages/{package.pk}/phases/", {"name": "Mine"}, format="json"
    )

    assert response.status_code == 403
    assert len(phases_of(package)) == 2


def test_a_line_added_to_a_phase_without_one_creates_it(api, package):
    plan = PlanFactory()

    response = api.post(
        f"/api/v1/packages/{package.pk}/lines/",
        {"plan": plan.pk, "quantity": 10, "phase": 4},
        format="json",
    )

    assert response.status_code == 201
    assert [phase["number"] for phase in response.json()["phases"]] == [1, 2, 4]
    assert response.json()["phases"][2]["name"] == "Phase 4"
    assert phases_of(package)[2] == (4, "Phase 4", None, "")
