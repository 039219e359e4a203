"""Packages: a buyer organization's composition. Its totals and warnings are read
by `selectors.packages`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from marketplace.authorization import buyer_require, package_own
from marketplace.limits import MAX_AMOUNT, MAX_PHASE, MAX_QUANTITY
from marketplace.models import Package, PackageLine, Plan
from marketplace.money import Money, default_currency
from marketplace.selectors.packages import comparable_plans
from marketplace.services.phases import package_phase_ensure
from marketplace.services.quotes import package_amounts_check


def _budget_errors(budget: int | None, currency: str) -> dict[str, str]:
    if budget is not None and budget < 0:
        return {"budget": _("A budget is 0 or more.")}
    if budget is not None and budget > MAX_AMOUNT:
        return {
            "budget": _("A budget is at most %(max)s.")
            % {"max": Money(MAX_AMOUNT, currency)}
        }
    return {}


def _line_errors(*, quantity: int, phase: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if quantity < 1:
        errors["quantity"] = _("A quantity is 1 or more.")
    elif quantity > MAX_QUANTITY:
        errors["quantity"] = _("A line has at most %(max)s units.") % {
            "max": f"{MAX_QUANTITY:,}"
        }
    if phase < 1:
        errors["phase"] = _("Phases count from 1.")
    elif phase > MAX_PHASE:
        errors["phase"] = _("A package has at most %(max)d phases.") % {
            "max": MAX_PHASE
        }
    return errors


@transaction.atomic
def package_create(
    *, membership: Membership, name: str, budget: int | None = None
) -> Package:
    buyer_require(membership, Capability.PACKAGE_EDIT)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the package a name.")})
    if errors := _budget_errors(budget, default_currency()):
        raise ValidationError(errors)
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
    if errors := _budget_errors(budget, package.currency):
        raise ValidationError(errors)
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
    errors = _line_errors(quantity=quantity, phase=phase)
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
    package_amounts_check(package, field="quantity")
    package_phase_ensure(package=package, number=phase)
    package.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def package_line_update(
    *, membership: Membership, line: PackageLine, quantity: int, phase: int, site: str
) -> PackageLine:
    """Change a line's quantity, phase and site."""
    buyer_require(membership, Capability.PACKAGE_EDIT)
    package_own(membership, line.package)
    if errors := _line_errors(quantity=quantity, phase=phase):
        raise ValidationError(errors)
    line.quantity, line.phase, line.site = quantity, phase, site.strip()[:120]
    line.save(update_fields=["quantity", "phase", "site"])
    package_amounts_check(line.package, field="quantity")
    package_phase_ensure(package=line.package, number=phase)
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
    package_amounts_check(line.package, field="plan")
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
    if any(not 1 <= line["quantity"] <= MAX_QUANTITY for line in lines):
        raise ValidationError(
            _("This collection asks for more units than a package takes.")
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
    package_amounts_check(package)
    package_phase_ensure(package=package, number=1)
    return package
