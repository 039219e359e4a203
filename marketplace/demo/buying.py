"""Demo data of buying: the Futian district office introduces smart manholes step by
step. A pilot in one district (phase 1) and the city-wide rollout six months later
(phase 2) are quoted once and approved; the pilot is released, invoiced, and marked
paid by finance, so its subscriptions run and bill every month. The rollout waits
for its day on the quote's page.

Everything goes through the services people use, so every figure on the pages can
be traced to the requests that made it.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from marketplace.models import Package, Plan
from marketplace.services.orders import order_mark_paid, order_release
from marketplace.services.packages import package_create, package_line_add
from marketplace.services.phases import package_phase_update
from marketplace.services.quotes import quote_approve, quote_create

PACKAGE_NAME = "Smart manholes: Futian pilot, then the city"
BUYER = "buyer@demo.agora.test"
APPROVER = "approver@demo.agora.test"
FINANCE = "admin@demo.agora.test"


def _membership(email: str) -> Membership:
    return Membership.objects.select_related("organization", "user").get(
        user__email=email
    )


def _plans() -> tuple[Plan, Plan] | None:
    """A manhole listing's sensor (bought once per device) and its monitoring
    platform (billed monthly)."""
    for plan in (
        Plan.objects.filter(
            listing__category__slug="smart-manholes",
            listing__live=True,
            billing="monthly",
        )
        .select_related("listing")
        .order_by("listing__slug", "pk")
    ):
        device = plan.listing.plans.filter(billing="one_time").order_by("pk").first()
        if device is not None:
            return device, plan
    return None


def _quantity(plan: Plan, wanted: int) -> int:
    quantity = max(wanted, plan.min_quantity or 1)
    return min(quantity, plan.max_quantity) if plan.max_quantity else quantity


@transaction.atomic
def seed_buying() -> dict[str, int]:
    """The demo package, once; a second run adds nothing."""
    buyer = _membership(BUYER)
    if Package.objects.filter(
        organization=buyer.organization, name=PACKAGE_NAME
    ).exists():
        return {"packages": 0, "orders": 0}
    plans = _plans()
    if plans is None:
        return {"packages": 0, "orders": 0}
    device, platform = plans
    # An annual budget of CNY 800,000.00.
    package = package_create(membership=buyer, name=PACKAGE_NAME, budget=80_000_000)
    for phase, devices in ((1, 40), (2, 1_000)):
        package_line_add(
            membership=buyer,
            package=package,
            plan_id=device.pk,
            quantity=_quantity(device, devices),
            phase=phase,
            site="Futian district" if phase == 1 else "Shenzhen",
        )
        package_line_add(
            membership=buyer,
            package=package,
            plan_id=platform.pk,
            quantity=_quantity(platform, devices),
            phase=phase,
        )
    today = timezone.localdate()
    package_phase_update(
        membership=buyer,
        package=package,
        number=1,
        name="Pilot: Futian district",
        planned_start=today,
        note="40 covers on the two busiest streets.",
    )
    package_phase_update(
        membership=buyer,
        package=package,
        number=2,
        name="City-wide rollout",
        planned_start=today + timedelta(days=180),
        note="After the pilot's review.",
    )
    approver = _membership(APPROVER)
    quote = quote_approve(
        membership=approver, quote=quote_create(membership=buyer, package=package)
    )
    order = order_release(
        membership=approver,
        quote=quote,
        phase=1,
        payment_method="invoice",
        purchase_order="FT-2026-0117",
    ).order
    order_mark_paid(order=order, user=_membership(FINANCE).user)
    return {"packages": 1, "orders": 1}
