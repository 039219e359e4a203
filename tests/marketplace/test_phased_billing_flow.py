"""The whole programme through the API, as a city's procurement office runs it: a
two-phase package is quoted and approved once; the pilot is released and paid by
card; only its subscriptions exist; the rollout is released later and paid on its
own; forty days on, the billing run charges the monthly line again to the saved
card (a renewal with a receipt), and running it again for that day charges
nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import Order, Subscription
from marketplace.services.provisioning import subscription_report
from tests.factories.catalog import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_plans(db):
    """Manhole sensors bought once, and their monitoring platform billed monthly."""
    sensor = PlanFactory(unit_price=45_000, billing="one_time")
    platform = PlanFactory(unit_price=1_200, billing="monthly", contract_term_months=12)
    return sensor, platform


def pay_by_card(client, quote_id, phase, stripe_confirm, stripe_send):
    """Release a phase by card, confirm its intent as the browser would, and let
    Stripe's webhook report it."""
    response = client.post(
        f"/api/v1/quotes/{quote_id}/release/",
        {"phase": phase, "payment_method": "card", "purchase_order": "PO-7"},
        format="json",
    )
    assert response.status_code == 201, response.content
    order = response.json()
    intent = stripe_confirm(order["payment"]["payment_intent_id"])
    assert intent["status"] == "succeeded"
    stripe_send(f"evt_{intent['id']}", "payment_intent.succeeded", intent)
    return client.get(f"/api/v1/orders/{order['id']}/").json()


def test_a_two_phase_programme_is_released_paid_and_billed_again(
    buyers, programme_plans, stripe_confirm, stripe_send
):
    sensor, platform = programme_plans
    requester, approver = buyers["requester"], buyers["approver"]
    package = requester.post("/api/v1/packages/", {"name": "Smart manholes"}).json()
    for plan, quantity, phase in (
        (sensor, 40, 1),
        (platform, 40, 1),
        (platform, 1_000, 2),
    ):
        response = requester.post(
            f"/api/v1/packages/{package['id']}/lines/",
            {"plan": plan.pk, "quantity": quantity, "phase": phase},
        )
        assert response.status_code == 201, response.content
    start = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = requester.patch(
        f"/api/v1/packages/{package['id']}/phases/2/",
        {"name": "City-wide rollout", "planned_start": start},
        format="json",
    )
    assert response.status_code == 200, response.content

    quote = requester.post(f"/api/v1/packages/{package['id']}/quote/").json()
    assert [phase["number"] for phase in quote["phases"]] == [1, 2]
    approved = approver.post(f"/api/v1/quotes/{quote['id']}/approve/")
    assert approved.json()["status"] == "approved"

    pilot = pay_by_card(approver, quote["id"], 1, stripe_confirm, stripe_send)
    assert (pilot["status"], pilot["phase"], pilot["kind"]) == ("paid", 1, "initial")
    assert pilot["amount"]["amount"] == quote["phases"][0]["first_charge"]["amount"]
    assert [doc["kind"] for doc in pilot["documents"]] == ["receipt"]
    # The first charge paid the monthly line's first month, and says so.
    [first_month] = [
        line
        for vendor_order in pilot["vendor_orders"]
        for line in vendor_order["lines"]
        if line["period_start"]
    ]
    assert (first_month["quantity"], first_month["period_start"]) == (
        40,
        timezone.localdate().isoformat(),
    )
    running = Subscription.objects.filter(
        order_line__vendor_order__order__quote_id=quote["id"]
    )
    assert sorted(s.quantity for s in running) == [40, 40]

    rollout = pay_by_card(approver, quote["id"], 2, stripe_confirm, stripe_send)
    assert rollout["status"] == "paid" and rollout["id"] != pilot["id"]
    assert sorted(s.quantity for s in running.all()) == [40, 40, 1_000]

    # The vendors provision them (their webhook answers).
    for subscription in running.all():
        subscription_report(
            subscription=subscription,
            data={"status": "provisioned", "instance_id": f"mh-{subscription.pk}"},
        )

    day = timezone.localdate() + timedelta(days=40)
    with time_machine.travel(day.isoformat() + "T09:00:00+00:00"):
        call_command("billing_run", "--at", day.isoformat(), stdout=StringIO())
    renewals = Order.objects.filter(kind="renewal", parent_id=pilot["id"])
    assert renewals.count() == 1
    renewal = approver.get(f"/api/v1/orders/{renewals.get().pk}/").json()
    assert (renewal["kind"], renewal["status"]) == ("renewal", "paid")
    assert [doc["kind"] for doc in renewal["documents"]] == ["receipt"]
    # Only the monthly line is charged again: the sensors were bought once.
    lines = [line for vo in renewal["vendor_orders"] for line in vo["lines"]]
    assert [(line["kind"], line["quantity"]) for line in lines] == [("renewal", 40)]
    assert lines[0]["amount"]["amount"] == 40 * 1_200

    # The same day again bills nothing more.
    orders = Order.objects.count()
    with time_machine.travel(day.isoformat() + "T10:00:00+00:00"):
        call_command("billing_run", "--at", day.isoformat(), stdout=StringIO())
    assert Order.objects.count() == orders
