"""Packages: a buyer organization's composition. Its totals and warnings are read
by `selectors.packages`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from marketplace.authorization import buyer_require, package_own
from marketplace.models import Package, PackageLine, Plan
from marketplace.selectors.packages import comparable_plans
from marketplace.services.phases import package_phase_ensure


@transaction.atomic
def package_create(
    *, membership: Membership, name: str, budget: int | None = None
) -> Package:
    buyer_require(membership, Capability.PACKAGE_EDIT)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the package a name.")})
    if budget is not None and budget < 0:
        raise ValidationError({"budget": _("A budget is 0 or more.")})
    return Package.objects.create(
        organization=membership.organization,
        name=name,
        budget=budget,
        created_by=membership.user,
    )


@transaction.atomic
def package_update(
    *, membership: Membership, package: Package, name: str, budget: int | None
) -> Package:
    """Rename the package and set its annual budget (None: no budget)."""
    buyer_require(membership, Capability.PACKAGE_EDIT)
    package_own(membership, package)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the package a name.")})
    if budget is not None and budget < 0:
        raise ValidationError({"budget": _("A budget is 0 or more.")})
    package = Package.objects.select_for_update().get(pk=package.pk)
    package.name, package.budget = name[:160], budget
    package.save(update_fields=["name", "budget", "updated_at"])
    return package


def _buyable_plan(plan_id: int) -> Plan:
    plan = (
        Plan.objects.select_related("listing__vendor")
        .filter(pk=plan_id, listing__live=True, listing__suspended_at__isnull=True)
        .first()
    )
    if plan is None:
        raise ValidationError({"plan": _("This plan is not on the store.")})
    return plan


@transaction.atomic
def package_line_add(
    *,
    membership: Membership,
    package: Package,
    plan_id: int,
    quantity: int,
    phase: int = 1,
    site: str = "",
    note: str = "",
) -> PackageLine:
    buyer_require(membership, Capability.PACKAGE_EDIT)
    package_own(membership, package)
    errors: dict[str, str] = {}
    if quantity < 1:
        errors["quantity"] = _("A quantity is 1 or more.")
    if phase < 1:
        errors["phase"] = _("Phases count from 1.")
    try:
        plan = _buyable_plan(plan_id)
    except ValidationError as error:
        errors.update(
            {key: " ".join(value) for key, value in error.message_dict.items()}
        )
    if errors:
        raise ValidationError(errors)
    if plan.currency != package.currency:
        raise ValidationError(
            {
                "plan": _(
                    "This plan is priced in %(plan)s; the package is in %(package)s."
                )
                % {"plan": plan.currency, "package": package.currency}
            }
        )
    line = PackageLine.objects.create(
        package=package,
        plan=plan,
        quantity=quantity,
        phase=phase,
        site=site.strip()[:120],
        note=note.strip()[:240],
    )
    package_phase_ensure(package=package, number=phase)
    package.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def package_line_swap(
    *, membership: Membership, line: PackageLine, plan_id: int
) -> PackageLine:
    """Replace a line's plan by a comparable one; quantity, phase and site stay."""
    buyer_require(membership, Capability.PACKAGE_EDIT)
    package_own(membership, line.package)
    if plan_id not in {plan.pk for plan in comparable_plans(line)}:
        raise ValidationError(
            {"plan": _("Choose a comparable plan of another vendor.")}
        )
    line.plan = _buyable_plan(plan_id)
    line.save(update_fields=["plan"])
    return line


@transaction.atomic
def package_from_collection(*, membership: Membership, collection) -> Package:
    """A new package with a curated collection's solutions, plans and quantities:
    the buyer's starting point."""
    buyer_require(membership, Capability.PACKAGE_EDIT)
    lines = collection.lines()
    if not lines:
        raise ValidationError(
            _("The solutions of this collection are not on the store at the moment.")
        )
    package = Package.objects.create(
        organization=membership.organization,
        name=collection.title,
        currency=lines[0]["plan"].currency,
        created_by=membership.user,
    )
    PackageLine.objects.bulk_create(
        PackageLine(
            package=package,
            plan=line["plan"],
            quantity=line["quantity"],
            note=(line["note"] or "")[:240],
        )
        for line in lines
        if line["plan"].currency == package.currency
    )
    package_phase_ensure(package=package, number=1)
    return package
