"""The "comparable plan" swap on a package's page: plans of the same kind billed
the same way and per the same unit first, the closest preselected, each with why."""

from __future__ import annotations

import re

import pytest

from accounts.roles import Role
from marketplace.models import PackageLine, Plan
from tests.factories import MembershipFactory
from tests.factories.buying import PackageFactory, PackageLineFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing
from tests.factories.curation import EndorsementFactory, PromotionFactory

pytestmark = pytest.mark.django_db


def listing_with(title: str, *plans: tuple[str, str, int], category=None):
    """A published listing of its own vendor, with (billing, unit, unit price)
    plans named after their terms."""
    return published_listing(
        title=title,
        vendor=VendorFactory(organization__name=f"{title} Ltd"),
        category=category or CategoryFactory(),
        plans=[
            Plan(
                code=f"P{n}",
                name=f"{billing} {unit}",
                billing=billing,
                unit=unit,
                unit_price=price,
            )
            for n, (billing, unit, price) in enumerate(plans)
        ],
    )


@pytest.fixture
def package_page(client, buyer_org):
    """`package_page(line_plan)`: the package page of a requester whose package has
    10 units of the plan; returns the swap select's options as (group, selected,
    text) and the "closest" hint."""

    def page(plan: Plan):
        user = MembershipFactory(organization=buyer_org, role=Role.REQUESTER).user
        client.force_login(user)
        package = PackageFactory(organization=buyer_org)
        line = PackageLineFactory(package=package, plan=plan, quantity=10)
        html = client.get(f"/packages/{package.pk}/").content.decode()
        select = re.search(
            rf'<select class="usa-select" id="swap-{line.pk}".*?</select>', html, re.S
        ).group(0)
        options = []
        for group, body in re.findall(
            r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S
        ):
            for selected, text in re.findall(
                r"<option value=\"\d+\"( selected)?>([^<]+)</option>", body
            ):
                options.append((group, bool(selected), text))
        why = re.search(rf'id="swap-{line.pk}-why">([^<]+)<', html).group(1)
        return options, why

    return page


def test_alike_plans_come_first_the_closest_preselected_with_why(package_page):
    kind = CategoryFactory()
    ours = listing_with("Guard", ("monthly", "device", 1000), category=kind)
    listing_with("Far", ("monthly", "device", 2000), category=kind)
    listing_with("Near", ("monthly", "device", 920), category=kind)
    listing_with("Yearly", ("annual", "device", 9000), category=kind)
    listing_with("Per site", ("monthly", "site", 1000), category=kind)
    listing_with(
        "Other kind",
        ("monthly", "device", 1000),
        category=CategoryFactory(slug="water-quality", name="Water quality"),
    )

    options, why = package_page(ours.plans.get())

    assert options == [
        (
            "Same billing and unit",
            True,
            "Near — monthly device: CNY 9.20 per device · same kind, monthly per "
            "device, 8 % cheaper",
        ),
        (
            "Same billing and unit",
            False,
            "Far — monthly device: CNY 20.00 per device · same kind, monthly per "
            "device, 100 % dearer",
        ),
        (
            "Billed otherwise or per another unit",
            False,
            "Per site — monthly site: CNY 10.00 per site · same kind, monthly per "
            "site, first year about the same",
        ),
        (
            "Billed otherwise or per another unit",
            False,
            "Yearly — annual device: CNY 90.00 per device · same kind, annual per "
            "device, first year 25 % cheaper",
        ),
    ]
    assert why == (
        "Closest: Near — monthly device (same kind, monthly per device, 8 % cheaper)."
    )


def test_the_closest_is_judged_at_the_price_charged(package_page):
    kind = CategoryFactory()
    ours = listing_with("Guard", ("one_time", "device", 10000), category=kind)
    listing_with("Cheap list", ("one_time", "device", 9000), category=kind)
    on_sale = listing_with("On sale", ("one_time", "device", 12000), category=kind)
    EndorsementFactory(listing=on_sale)
    PromotionFactory(plan=on_sale.plans.get(), percent_off=20)

    options, why = package_page(ours.plans.get())

    assert [text.split(" — ")[0] for _group, _selected, text in options] == [
        "On sale",
        "Cheap list",
    ]
    assert (
        "CNY 96.00 per device · same kind, one-time per device, 4 % cheaper"
        in (options[0][2])
    )
    assert why.startswith("Closest: On sale")


def test_without_an_alike_plan_the_nearest_first_year_is_preselected(package_page):
    kind = CategoryFactory()
    ours = listing_with("Guard", ("monthly", "device", 1000), category=kind)
    listing_with("Yearly", ("annual", "device", 11000), category=kind)
    listing_with("Once", ("one_time", "device", 50000), category=kind)

    options, why = package_page(ours.plans.get())

    assert [(group, selected) for group, selected, _text in options] == [
        ("Billed otherwise or per another unit", True),
        ("Billed otherwise or per another unit", False),
    ]
    assert why == (
        "Closest: Yearly — annual device (same kind, annual per device, first year "
        "8 % cheaper)."
    )


def test_a_preselected_swap_is_accepted(client, package_page, buyer_org):
    kind = CategoryFactory()
    ours = listing_with("Guard", ("monthly", "device", 1000), category=kind)
    near = listing_with("Near", ("monthly", "device", 950), category=kind)
    package_page(ours.plans.get())
    line = PackageLine.objects.get()

    client.post(
        f"/packages/{line.package_id}/lines/{line.pk}/",
        {"action": "swap", "plan": near.plans.get().pk},
    )

    line.refresh_from_db()
    assert (line.plan, line.quantity) == (near.plans.get(), 10)
