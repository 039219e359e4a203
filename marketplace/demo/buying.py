"""Demo data of buying: the Futian district office introduces smart manholes step by
step. A pilot in one district (phase 1) and the city-wide rollout six months later
(phase 2) are quoted; the approver returns the first quote (the rollout had no
date) and approves the second; the pilot is released, invoiced, and marked
paid by finance, so its subscriptions run and bill every month. The rollout waits
for its day on the quote's page. The comparison that chose the sensors is saved to
the package, for its procurement dossier (search/demo.py links a frozen saved
search to it once the catalog is indexed).

Everything goes through the services people use, so every figure on the pages can
be traced to the requests that made it.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from marketplace.models import Listing, Package, Plan
from marketplace.services.approvals import quote_approve, quote_return
from marketplace.services.comparisons import saved_comparison_create
from marketplace.services.orders import order_mark_paid, order_release
from marketplace.services.packages import package_create, package_line_add
from marketplace.services.phases import package_phase_update
from marketplace.services.quotes import quote_create

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


def _comparison_save(buyer: Membership, package: Package, device: Plan) -> None:
    """The comparison the office made before choosing the sensors (the chosen one
    and two other vendors' smart manholes), saved to the package from the compare
    page."""
    rivals = list(
        Listing.objects.published()
        .filter(category__slug="smart-manholes")
        .exclude(vendor_id=device.listing.vendor_id)
        .order_by("slug")
        .values_list("slug", flat=True)[:2]
    )
    if rivals:
        saved_comparison_create(
            membership=buyer,
            package=package,
            slugs=[device.listing.slug, *rivals],
            note=(
                "Chosen for its reference deployments and its battery life; the "
                "others need a gateway we do not have."
            ),
        )


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
    # Evidence for the procurement file: how the sensors were chosen.
    _comparison_save(buyer, package, device)
    today = timezone.localdate()
    package_phase_update(
        membership=buyer,
        package=package,
        number=1,
        name="Pilot: Futian district",
        planned_start=today,
        note="40 covers on the two busiest streets.",
    )
    approver = _membership(APPROVER)
    # The first quote goes back: the rollout has no date, so its prices would
    # hold only as long as the quote.
    quote_return(
        membership=approver,
        quote=quote_create(membership=buyer, package=package),
        comment=(
            "Please date the city-wide rollout (after the pilot's six-month "
            "review), so its prices hold until then."
        ),
    )
    package_phase_update(
        membership=buyer,
        package=package,
        number=2,
        name="City-wide rollout",
        planned_start=today + timedelta(days=180),
        note="After the pilot's review.",
    )
    quote = quote_approve(
        membership=approver,
        quote=quote_create(membership=buyer, package=package),
        comment="Dated and within the programme budget for the pilot year.",
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
