"""The quote's page shows the whole programme by phase: each phase's planned start,
until when its prices hold, its totals, and how far it has come (not released,
ordered, paid, provisioned, or its price hold lapsed) with its order; a phase is
released from there or through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import OrganizationKind, Role
from marketplace.models import Order, Subscription
from marketplace.selectors.phases import quote_phase_states
from marketplace.services.approvals import quote_approve
from marketplace.services.orders import order_mark_paid
from marketplace.services.provisioning import subscription_report
from marketplace.services.quotes import quote_create
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import (
    PackageFactory,
    PackageLineFactory,
    PackagePhaseFactory,
    QuoteFactory,
)
from tests.factories.catalog import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Futian District")


@pytest.fixture
def requester(client, county):
    user = MembershipFactory(organization=county, role=Role.REQUESTER).user
    client.force_login(user)
    return user


@pytest.fixture
def approver(county):
    return MembershipFactory(organization=county, role=Role.APPROVER).user


@pytest.fixture
def package(county):
    """A pilot of 4 sensors (phase 1) and a city-wide rollout of 1,000 monitored
    covers from 90 days on (phase 2)."""
    package = PackageFactory(organization=county, name="Smart manholes")
    PackagePhaseFactory(package=package, number=1, name="Pilot: Futian district")
    PackagePhaseFactory(
        package=package,
        number=2,
        name="City-wide rollout",
        planned_start=timezone.localdate() + timedelta(days=90),
    )
    PackageLineFactory(
        package=package, plan=PlanFactory(unit_price=50_000), quantity=4, phase=1
    )
    PackageLineFactory(
        package=package,
        plan=PlanFactory(unit_price=1_200, billing="monthly"),
        quantity=1_000,
        phase=2,
    )
    return package


@pytest.fixture
def quote(package, approver):
    return QuoteFactory(
        organization=package.organization, package=package, approved_by=approver
    )


def release(client, quote, phase, **data):
    return client.post(
        f"/quotes/{quote.pk}/release/",
        {"phase": phase, "payment_method": "invoice", **data},
    )


def states(quote) -> list[tuple[int, str]]:
    return [(state.number, state.state) for state in quote_phase_states(quote)]


def test_the_quote_page_shows_the_programme_by_phase(client, requester, quote):
    page = client.get(f"/quotes/{quote.pk}/").content.decode()

    city = quote.phases.get(number=2)
    assert "The programme by phase" in page
    assert "1. Pilot: Futian district" in page and "2. City-wide rollout" in page
    assert date_format(city.planned_start, "DATE_FORMAT") in page
    assert date_format(timezone.localtime(city.price_hold_until), "DATE_FORMAT") in page
    assert page.count("Not released") == 2
    assert "CNY 2,120.00" in page  # the pilot's first charge, 6 % tax included
    assert "Release phase 1" in page and "Release phase 2" in page


def test_a_phase_released_from_the_page_is_ordered_with_its_purchase_order(
    client, requester, quote
):
    response = release(client, quote, 1, purchase_order="PO-2027-0042")

    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.pk}/"
    assert (order.phase, order.purchase_order) == (1, "PO-2027-0042")
    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert "Ordered, waiting for payment" in page
    assert f'href="/orders/{order.pk}/">Order {order.number}</a>' in page
    assert "Release phase 1" not in page
    assert "Release phase 2" in page


def test_the_states_follow_payment_and_provisioning(
    client, requester, quote, finance_user
):
    release(client, quote, 1)
    order = Order.objects.get()
    assert states(quote) == [(1, "ordered"), (2, "not_released")]

    order_mark_paid(order=order, user=finance_user)
    assert states(quote) == [(1, "paid"), (2, "not_released")]
    assert (
        "Paid, being provisioned" in client.get(f"/quotes/{quote.pk}/").content.decode()
    )

    for subscription in Subscription.objects.filter(organization=quote.organization):
        subscription_report(
            subscription=subscription,
            data={"status": "provisioned", "instance_id": f"i-{subscription.pk}"},
        )
    assert states(quote) == [(1, "provisioned"), (2, "not_released")]
    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert "Provisioned" in page


def test_after_its_price_hold_a_phase_asks_for_a_new_quote(client, requester, quote):
    held_until = quote.phases.get(number=2).price_hold_until

    with time_machine.travel(held_until + timedelta(minutes=1)):
        client.force_login(requester)
        page = client.get(f"/quotes/{quote.pk}/").content.decode()
        response = release(client, quote, 2)
        message = client.get(f"/quotes/{quote.pk}/").content.decode()

    assert page.count("Price hold lapsed — ask for a new quote") == 2
    assert "Release phase" not in page
    assert response["Location"] == f"/quotes/{quote.pk}/"
    assert "Ask for a new quote" in message
    assert not Order.objects.exists()


def test_an_organization_that_requires_purchase_orders_is_asked_for_one(
    client, requester, county, quote
):
    county.purchase_order_required = True
    county.save()

    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    response = release(client, quote, 1)

    assert 'name="purchase_order" maxlength="64" required' in page
    assert response["Location"] == f"/quotes/{quote.pk}/"
    shown = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert "Purchase order number: This field is required." in shown
    assert not Order.objects.exists()


def test_a_newer_quote_prices_what_is_left_and_phases_show_where_they_were_ordered(
    client, requester, approver, quote
):
    release(client, quote, 1)
    ordered = Order.objects.get()
    newer = quote_approve(
        membership=approver.memberships.get(),
        quote=quote_create(
            membership=requester.memberships.get(), package=quote.package
        ),
    )

    page = client.get(f"/quotes/{newer.pk}/").content.decode()

    # The newer quote prices only what is left: the rollout.
    assert states(newer) == [(2, "not_released")]
    assert "Release phase 1" not in page and "Place the order" in page
    # The first quote shows its pilot ordered, and its rollout released elsewhere
    # once the newer quote's is.
    release(client, newer, 2)
    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert states(quote) == [(1, "ordered"), (2, "ordered")]
    assert f"Order {ordered.number}</a>" in page
    assert f"(under quote {newer.number})" in page


def test_a_one_phase_quote_is_ordered_with_one_form(client, requester, approver):
    quote = QuoteFactory(
        organization=requester.memberships.get().organization, approved_by=approver
    )

    page = client.get(f"/quotes/{quote.pk}/").content.decode()

    assert page.count("Place the order") == 1 and "Release phase" not in page


def test_viewers_see_the_states_but_cannot_release(client, county, quote):
    client.force_login(MembershipFactory(organization=county, role=Role.VIEWER).user)

    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    response = release(client, quote, 1)

    assert page.count("Not released") == 2 and "Release phase" not in page
    assert response.status_code == 302
    assert not Order.objects.exists()


def test_another_organization_cannot_release(client, quote):
    client.force_login(MembershipFactory(role=Role.APPROVER).user)

    assert client.get(f"/quotes/{quote.pk}/").status_code == 404
    assert release(client, quote, 1).status_code == 404
    assert not Order.objects.exists()


# The API ---------------------------------------------------------------------------


@pytest.fixture
def api(api_client_for, requester, county):
    return api_client_for(requester, county)


def test_the_api_releases_a_phase_once(api, quote):
    body = {"phase": 2, "payment_method": "invoice", "purchase_order": "PO-7"}

    first = api.post(f"/api/v1/quotes/{quote.pk}/release/", body, format="json")
    again = api.post(f"/api/v1/quotes/{quote.pk}/release/", body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    order = Order.objects.get()
    assert (order.phase, order.purchase_order) == (2, "PO-7")
    assert order.amount == quote.phases.get(number=2).first_charge


def test_the_api_answers_409_after_the_price_hold(api, quote):
    held_until = quote.phases.get(number=1).price_hold_until

    with time_machine.travel(held_until + timedelta(minutes=1)):
        response = api.post(
            f"/api/v1/quotes/{quote.pk}/release/",
            {"phase": 1, "payment_method": "invoice"},
            format="json",
        )

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "conflict"
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"phase": 0, "payment_method": "invoice"}, "phase"),
        ({"phase": "one", "payment_method": "invoice"}, "phase"),
        ({"phase": 1, "payment_method": "cash"}, "payment_method"),
        ({"phase": 9, "payment_method": "invoice"}, "phase"),
        ({"payment_method": "invoice"}, "phase"),
    ],
)
def test_bad_release_requests_are_400_and_order_nothing(api, quote, body, attr):
    response = api.post(f"/api/v1/quotes/{quote.pk}/release/", body, format="json")

    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == [attr]
    assert not Order.objects.exists()


def test_another_organization_gets_404_from_the_api(api_client_for, quote):
    stranger = MembershipFactory(role=Role.APPROVER)

    response = api_client_for(stranger.user, stranger.organization).post(
        f"/api/v1/quotes/{quote.pk}/release/",
        {"phase": 1, "payment_method": "invoice"},
        format="json",
    )

    assert response.status_code == 404
    assert not Order.objects.exists()
