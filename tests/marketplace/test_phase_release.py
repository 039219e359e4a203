"""Phases are real: a quote prices every phase and is approved once; each order
releases one phase, is paid on its own, and only its lines become subscriptions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from marketplace.models import (
    Order,
    PackagePhase,
    Quote,
    QuotePhase,
    Subscription,
)
from marketplace.services.approvals import quote_approve
from marketplace.services.orders import (
    PhaseChanged,
    PriceHoldLapsed,
    order_mark_paid,
    order_release,
)
from marketplace.services.quotes import quote_create
from tests.factories.accounts import MembershipFactory, OrganizationFactory
from tests.factories.buying import PackageFactory, PackageLineFactory
from tests.factories.catalog import PlanFactory
from tests.factories.curation import PromotionFactory


@pytest.fixture
def approver(db):
    county = OrganizationFactory(
        kind=OrganizationKind.BUYER, name="Futian District", allow_self_approval=True
    )
    return MembershipFactory(organization=county, role=Role.APPROVER)


def two_phase_quote(approver, *, pilot_plan=None, city_plan=None, city_start=None):
    """A pilot of 4 units (phase 1) and a city-wide rollout of 1,000 (phase 2,
    planned to start in 90 days), quoted and approved."""
    pilot_plan = pilot_plan or PlanFactory(unit_price=50_000)
    city_plan = city_plan or PlanFactory(unit_price=12_000, billing="monthly")
    package = PackageFactory(organization=approver.organization)
    PackageLineFactory(package=package, plan=pilot_plan, quantity=4, phase=1)
    PackageLineFactory(package=package, plan=city_plan, quantity=1_000, phase=2)
    start = city_start or timezone.localdate() + timedelta(days=90)
    PackagePhase.objects.update_or_create(
        package=package, number=1, defaults={"name": "Pilot: Futian district"}
    )
    PackagePhase.objects.update_or_create(
        package=package,
        number=2,
        defaults={"name": "City-wide rollout", "planned_start": start},
    )
    quote = quote_create(membership=approver, package=package)
    return quote_approve(membership=approver, quote=quote)


def release(approver, quote, phase, **kwargs):
    return order_release(
        membership=approver,
        quote=quote,
        phase=phase,
        payment_method=kwargs.pop("payment_method", "invoice"),
        **kwargs,
    )


def test_the_quote_prices_every_phase_with_its_own_price_hold(approver, settings):
    quote = two_phase_quote(approver)
    pilot, city = quote.phases.order_by("number")
    assert (pilot.name, city.name) == ("Pilot: Futian district", "City-wide rollout")
    assert pilot.price_hold_until == quote.valid_until
    held_until = city.planned_start + timedelta(
        days=settings.PHASE_PRICE_HOLD_GRACE_DAYS
    )
    assert timezone.localtime(city.price_hold_until).date() == held_until
    assert pilot.one_time == 4 * 50_000
    assert city.recurring_monthly == 1_000 * 12_000
    assert pilot.first_charge + city.first_charge == quote.first_charge


def test_ordering_releases_only_the_pilot_and_only_it_becomes_subscriptions(
    approver, finance_user
):
    quote = two_phase_quote(approver)
    placed = release(approver, quote, 1)
    order = placed.order
    pilot = quote.phases.get(number=1)
    assert placed.created and order.phase == 1
    assert order.amount == pilot.first_charge
    assert [line.quantity for line in order.vendor_orders.get().lines.all()] == [4]

    order_mark_paid(order=order, user=finance_user)

    subscriptions = Subscription.objects.filter(organization=approver.organization)
    assert [s.quantity for s in subscriptions] == [4]
    assert Quote.objects.get(pk=quote.pk).status == "ordered"

    city = release(approver, quote, 2).order
    assert city.pk != order.pk and city.phase == 2
    assert city.amount == quote.phases.get(number=2).first_charge
    order_mark_paid(order=city, user=finance_user)
    assert sorted(s.quantity for s in subscriptions.all()) == [4, 1_000]


def test_releasing_a_phase_again_answers_the_same_order(approver):
    quote = two_phase_quote(approver)
    first = release(approver, quote, 2)
    again = release(approver, quote, 2)
    assert first.created and not again.created
    assert again.order.pk == first.order.pk
    assert Order.objects.filter(quote=quote).count() == 1


def test_a_phase_after_its_price_hold_needs_a_new_quote(approver):
    quote = two_phase_quote(approver)
    held_until = QuotePhase.objects.get(quote=quote, number=2).price_hold_until
    with (
        time_machine.travel(held_until + timedelta(minutes=1)),
        pytest.raises(PriceHoldLapsed, match="held until"),
    ):
        release(approver, quote, 2)
    assert not Order.objects.filter(quote=quote).exists()


def test_the_pilot_holds_only_as_long_as_the_quote(approver):
    quote = two_phase_quote(approver)
    with time_machine.travel(quote.valid_until + timedelta(minutes=1)):
        with pytest.raises(PriceHoldLapsed, match="held until"):
            release(approver, quote, 1)
        # The rollout starts in 90 days: its prices still hold.
        assert release(approver, quote, 2).created


def test_a_phase_is_called_off_once_across_quotes(approver):
    quote = two_phase_quote(approver)
    ordered = release(approver, quote, 1).order
    # A new quote prices only what is left to release.
    newer = quote_approve(
        membership=approver,
        quote=quote_create(membership=approver, package=quote.package),
    )
    assert [phase.number for phase in newer.phases.all()] == [2]
    assert newer.first_charge == newer.phases.get().first_charge
    with pytest.raises(ValidationError, match="no phase 1"):
        release(approver, newer, 1)
    # The rollout is released under one quote or the other, not both.
    assert release(approver, newer, 2).created
    with pytest.raises(ValidationError, match="ordered already"):
        release(approver, quote, 2)
    assert ordered.phase == 1


def test_a_package_with_every_phase_ordered_is_not_quoted_again(approver):
    quote = two_phase_quote(approver)
    release(approver, quote, 1)
    release(approver, quote, 2)
    with pytest.raises(ValidationError, match="Every phase"):
        quote_create(membership=approver, package=quote.package)


def test_an_organization_that_requires_purchase_orders_gets_them_on_every_order(
    approver,
):
    approver.organization.purchase_order_required = True
    approver.organization.save()
    quote = two_phase_quote(approver)
    with pytest.raises(ValidationError, match="purchase order"):
        release(approver, quote, 1)
    order = release(approver, quote, 1, purchase_order=" PO-2027-0042 ").order
    assert order.purchase_order == "PO-2027-0042"


def test_a_sale_is_priced_only_into_phases_ordered_while_it_runs(approver):
    sale = PromotionFactory(ends_at=timezone.now() + timedelta(days=30))
    plan = sale.plan
    quote = two_phase_quote(
        approver,
        pilot_plan=plan,
        city_plan=plan,
        city_start=timezone.localdate() + timedelta(days=60),
    )
    pilot_line = quote.lines.get(phase=1)
    city_line = quote.lines.get(phase=2)
    assert pilot_line.sale_units == 4 and pilot_line.discount > 0
    # The rollout starts after the sale ends: list price.
    assert city_line.sale_units == 0 and city_line.discount == 0


def test_sale_units_are_claimed_only_while_the_sale_runs(approver):
    sale = PromotionFactory(ends_at=timezone.now() + timedelta(days=2))
    quote = two_phase_quote(approver, pilot_plan=sale.plan)
    with (
        time_machine.travel(sale.ends_at + timedelta(hours=1)),
        pytest.raises(ValidationError, match="sale"),
    ):
        release(approver, quote, 1)


def test_a_phase_whose_quantities_changed_since_the_quote_needs_a_new_quote(
    approver,
):
    quote = two_phase_quote(approver)
    quote.package.lines.filter(phase=2).update(quantity=1_200)
    with pytest.raises(PhaseChanged, match="changed since this quote"):
        release(approver, quote, 2)
    # The pilot is as quoted.
    assert release(approver, quote, 1).created
