"""What a package costs over time: per fiscal year of the buyer organization, with
renewals, against the annual budget, and in total over three and five years.

The package of these tests, hand-computed (today 5 December 2026, fiscal years
from April):

- Phase 1, the pilot, not dated (so from today): 4 sensors at 500.00 once plus a
  100.00 setup fee (2,100.00 once), and their monitoring at 4 times 12.00 = 48.00 a
  month for a 12-month term.
- Phase 2, the city, from 1 April 2027: 100 licences at 300.00 a year, 30,000.00
  a year for a 24-month term.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.roles import OrganizationKind, Role
from marketplace.selectors.costs import fiscal_year_of, package_costs
from marketplace.selectors.packages import package_summarize
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import (
    PackageFactory,
    PackageLineFactory,
    PackagePhaseFactory,
)
from tests.factories.catalog import PlanFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)


@pytest.fixture
def county():
    return OrganizationFactory(
        kind=OrganizationKind.BUYER, name="Futian District", fiscal_year_start_month=4
    )


@pytest.fixture
def package(county):
    package = PackageFactory(organization=county, budget=1_000_000)
    PackagePhaseFactory(package=package, number=1, name="Pilot: Futian district")
    PackagePhaseFactory(
        package=package,
        number=2,
        name="City-wide rollout",
        planned_start=date(2027, 4, 1),
    )
    sensors = PlanFactory(billing="one_time", unit_price=50_000, setup_fee=10_000)
    monitoring = PlanFactory(
        billing="monthly", unit_price=1_200, contract_term_months=12
    )
    licences = PlanFactory(billing="annual", unit_price=30_000, contract_term_months=24)
    PackageLineFactory(package=package, plan=sensors, quantity=4, phase=1)
    PackageLineFactory(package=package, plan=monitoring, quantity=4, phase=1)
    PackageLineFactory(package=package, plan=licences, quantity=100, phase=2)
    return package


def costs_of(package, today=TODAY):
    return package_costs(package, package_summarize(package).lines, today=today)


def test_fiscal_years_are_named_by_their_years():
    assert fiscal_year_of(date(2026, 12, 5), 4).label == "FY 2026/27"
    assert fiscal_year_of(date(2027, 3, 31), 4).label == "FY 2026/27"
    assert fiscal_year_of(date(2027, 4, 1), 4).label == "FY 2027/28"
    assert fiscal_year_of(date(2099, 10, 1), 10).label == "FY 2099/00"
    assert fiscal_year_of(date(2027, 1, 1), 1).label == "FY 2027"
    assert fiscal_year_of(date(2026, 12, 31), 1).label == "FY 2026"


def test_the_cost_per_fiscal_year_starting_in_april(package):
    costs = costs_of(package)

    assert [
        (year.label, year.one_time, year.recurring, year.renewals, year.total)
        for year in costs.years
    ] == [
        # The pilot: its one-time 2,100.00 and December to March at 48.00.
        ("FY 2026/27", 210_000, 4 * 4_800, 0, 229_200),
        # April to November of the pilot's first term, then its renewal from
        # December; the city's first year.
        ("FY 2027/28", 0, 8 * 4_800 + 3_000_000, 4 * 4_800, 3_057_600),
        ("FY 2028/29", 0, 3_000_000, 12 * 4_800, 3_057_600),
        # The city's term has ended: renewed.
        ("FY 2029/30", 0, 0, 3_057_600, 3_057_600),
        ("FY 2030/31", 0, 0, 3_057_600, 3_057_600),
        ("FY 2031/32", 0, 0, 3_057_600, 3_057_600),
    ]
    assert [year.phases_starting for year in costs.years[:2]] == [[1], [2]]
    assert costs.start == TODAY


def test_a_phase_planned_for_next_fiscal_year_does_not_count_against_this_one(
    package,
):
    costs = costs_of(package)

    # The first year of all phases together (32,676.00) exceeds the budget of
    # 10,000.00, but the city starts next fiscal year.
    assert package_summarize(package).first_year == 3_267_600
    assert [(year.label, year.over_budget) for year in costs.years[:3]] == [
        ("FY 2026/27", 0),
        ("FY 2027/28", 2_057_600),
        ("FY 2028/29", 2_057_600),
    ]
    assert costs.budget_warnings()[0] == (
        "FY 2027/28 costs CNY 30,576.00, CNY 20,576.00 more than the annual budget "
        "of CNY 10,000.00."
    )
    assert not any("FY 2026/27" in warning for warning in costs.budget_warnings())


def test_total_cost_of_ownership_over_three_and_five_years(package):
    costs = costs_of(package)

    # Three years from 5 December 2026: the one-time 2,100.00, 36 months of
    # monitoring and the licences of April 2027, 2028 and 2029.
    assert costs.tco_3_years == 210_000 + 36 * 4_800 + 3 * 3_000_000 == 9_382_800
    # Five years: 60 months, and the licences of April 2027 to April 2031.
    assert costs.tco_5_years == 210_000 + 60 * 4_800 + 5 * 3_000_000 == 15_498_000


def test_a_january_fiscal_year_and_a_dated_pilot(package, county):
    county.fiscal_year_start_month = 1
    county.save()
    PackagePhaseFactory(package=package, number=1, planned_start=date(2027, 1, 31))

    costs = costs_of(package)

    assert costs.start == date(2027, 1, 31)
    assert [
        (year.label, year.one_time, year.recurring) for year in costs.years[:2]
    ] == [
        # Monitoring from 31 January to 31 December; the city from April.
        ("FY 2027", 210_000, 12 * 4_800 + 3_000_000),
        ("FY 2028", 0, 3_000_000),
    ]
    assert costs.years[1].renewals == 12 * 4_800


def test_a_package_without_lines_costs_nothing_over_time(county):
    costs = costs_of(PackageFactory(organization=county))

    assert costs.years == [] and costs.tco_3_years == 0 and costs.start is None


def test_the_package_page_shows_the_cost_per_fiscal_year(client, county, package):
    client.force_login(MembershipFactory(organization=county, role=Role.VIEWER).user)

    with time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False):
        page = client.get(f"/packages/{package.pk}/").content.decode()

    assert "Cost over time" in page
    assert "starting in April" in page
    assert "FY 2026/27" in page and "FY 2031/32" in page
    assert "Over by CNY 20,576.00" in page
    assert "Within the budget" in page
    assert "CNY 93,828.00" in page  # three years
    assert "CNY 154,980.00" in page  # five years
    assert "FY 2027/28 costs CNY 30,576.00" in page  # the warning


def test_the_package_api_shows_the_cost_over_time(api_client_for, county, package):
    user = MembershipFactory(organization=county, role=Role.VIEWER).user

    with time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False):
        data = api_client_for(user, county).get(f"/api/v1/packages/{package.pk}/")

    costs = data.json()["costs"]
    assert costs["fiscal_year_start_month"] == 4
    assert costs["start"] == "2026-12-05"
    assert costs["years"][1] == {
        "label": "FY 2027/28",
        "starts_on": "2027-04-01",
        "ends_on": "2028-03-31",
        "one_time": {"amount": 0, "currency": "CNY"},
        "recurring": {"amount": 3_038_400, "currency": "CNY"},
        "renewals": {"amount": 19_200, "currency": "CNY"},
        "total": {"amount": 3_057_600, "currency": "CNY"},
        "over_budget": {"amount": 2_057_600, "currency": "CNY"},
        "phases_starting": [2],
    }
    assert costs["tco_3_years"] == {"amount": 9_382_800, "currency": "CNY"}
    assert costs["tco_5_years"] == {"amount": 15_498_000, "currency": "CNY"}
    budget = [w for w in data.json()["warnings"] if w["code"] == "budget"]
    assert [w["message"].split(" costs")[0] for w in budget] == [
        "FY 2027/28",
        "FY 2028/29",
        "FY 2029/30",
        "FY 2030/31",
        "FY 2031/32",
    ]
