"""Reads of packages: their lines priced now, totals per phase and over the
contract term, and the warnings a buyer should see before asking for a quote."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.models import Listing, Package, PackageLine, Plan, Promotion
from marketplace.selectors.costs import CostProjection, package_costs
from marketplace.services.pricing import LinePrice, line_price


@dataclass
class PhaseTotals:
    phase: int
    one_time: int = 0
    monthly: int = 0
    annual: int = 0

    @property
    def first_year(self) -> int:
        return self.one_time + 12 * self.monthly + self.annual


@dataclass
class Warning:
    code: str
    message: str
    line_id: int | None = None


def term_total(*, billing: str, one_time: int, recurring: int, term_months: int) -> int:
    """What a line costs over its contract term (a year without one): its one-time
    amounts, and its recurring price each month or each (begun) year of the term."""
    months = term_months or 12
    if billing == "monthly":
        return one_time + months * recurring
    if billing == "annual":
        return one_time + max(1, -(-months // 12)) * recurring
    return one_time


@dataclass
class PricedLine:
    line: PackageLine
    price: LinePrice

    @property
    def term_total(self) -> int:
        """What the line costs over its plan's contract term (a year without one)."""
        return term_total(
            billing=self.price.billing,
            one_time=self.price.one_time,
            recurring=self.price.recurring,
            term_months=self.line.plan.contract_term_months,
        )


@dataclass
class PackageSummary:
    package: Package
    lines: list[PricedLine]
    phases: list[PhaseTotals]
    warnings: list[Warning] = field(default_factory=list)
    # Per fiscal year of the organization, and over three and five years.
    costs: CostProjection | None = None

    @property
    def currency(self) -> str:
        return self.package.currency

    @property
    def one_time(self) -> int:
        return sum(phase.one_time for phase in self.phases)

    @property
    def monthly(self) -> int:
        return sum(phase.monthly for phase in self.phases)

    @property
    def annual(self) -> int:
        return sum(phase.annual for phase in self.phases)

    @property
    def first_year(self) -> int:
        return sum(phase.first_year for phase in self.phases)

    @property
    def term_total(self) -> int:
        return sum(line.term_total for line in self.lines)

    @property
    def discount(self) -> int:
        return sum(line.price.discount for line in self.lines)

    @property
    def budget_left(self) -> int | None:
        if self.package.budget is None:
            return None
        return self.package.budget - self.first_year


def _lines_queryset():
    """Package lines with what pricing and warnings read: the plan, its listing and
    vendor, capabilities, and the sales running now."""
    return PackageLine.objects.select_related(
        "plan__listing__vendor__organization", "plan__listing__category"
    ).prefetch_related(
        "plan__listing__requires",
        "plan__listing__provides",
        Prefetch(
            "plan__promotions",
            queryset=Promotion.objects.running(timezone.now()),
            to_attr="running_promotions",
        ),
    )


def packages_with_lines(packages: QuerySet[Package]) -> QuerySet[Package]:
    """Packages ready to summarize in a few queries, whatever their number."""
    return packages.select_related("organization").prefetch_related(
        Prefetch("lines", queryset=_lines_queryset(), to_attr="priced_lines"),
        "phases",
    )


def package_lines(package: Package):
    prefetched = getattr(package, "priced_lines", None)
    if prefetched is not None:
        return prefetched
    return _lines_queryset().filter(package=package)


def phase_starts(package: Package) -> dict[int, date | None]:
    """Each phase's planned start, by number."""
    return {phase.number: phase.planned_start for phase in package.phases.all()}


def ordered_at(planned_start: date | None, now: datetime) -> datetime:
    """When a phase's units are ordered: now, or its planned start if later. A sale
    is priced in only when it still runs then."""
    if planned_start is None:
        return now
    start = timezone.make_aware(datetime.combine(planned_start, time.min))
    return max(now, start)


def package_summarize(package: Package) -> PackageSummary:
    """Totals per phase, one-time and recurring, first year and contract term, the
    budget left, and what to look at before quoting."""
    now = timezone.now()
    starts = phase_starts(package)
    priced = [
        PricedLine(
            line,
            line_price(
                line.plan, line.quantity, at=ordered_at(starts.get(line.phase), now)
            ),
        )
        for line in package_lines(package)
    ]
    by_phase: dict[int, PhaseTotals] = {}
    for item in priced:
        totals = by_phase.setdefault(item.line.phase, PhaseTotals(item.line.phase))
        totals.one_time += item.price.one_time
        if item.price.billing == "monthly":
            totals.monthly += item.price.recurring
        elif item.price.billing == "annual":
            totals.annual += item.price.recurring
    summary = PackageSummary(
        package=package,
        lines=priced,
        phases=[by_phase[phase] for phase in sorted(by_phase)],
    )
    summary.costs = package_costs(package, priced)
    summary.warnings = _warnings(package, priced, summary)
    return summary


def _warnings(
    package: Package, priced: list[PricedLine], summary: PackageSummary
) -> list[Warning]:
    warnings: list[Warning] = []
    region = package.organization.region
    provided: set[int] = set()
    required: dict[int, tuple[str, list[str]]] = {}
    for item in priced:
        line, plan = item.line, item.line.plan
        listing: Listing = plan.listing
        if line.quantity < plan.min_quantity or (
            plan.max_quantity is not None and line.quantity > plan.max_quantity
        ):
            warnings.append(
                Warning(
                    "quantity",
                    _("%(title)s: the %(plan)s plan takes %(range)s units.")
                    % {
                        "title": listing.title_i18n,
                        "plan": plan.name_i18n,
                        "range": f"{plan.min_quantity}–{plan.max_quantity}"
                        if plan.max_quantity
                        else _("%(min)d or more") % {"min": plan.min_quantity},
                    },
                    line.pk,
                )
            )
        served = listing.regions or listing.vendor.regions_served
        if region and served and region not in served:
            warnings.append(
                Warning(
                    "region",
                    _("%(title)s: the vendor does not serve %(region)s.")
                    % {
                        "title": listing.title_i18n,
                        "region": getattr(region, "name", region),
                    },
                    line.pk,
                )
            )
        for capability in listing.provides.all():
            provided.add(capability.pk)
        for capability in listing.requires.all():
            required.setdefault(capability.pk, (capability.name_i18n, []))[1].append(
                listing.title_i18n
            )
    for pk, (name, needed_by) in required.items():
        if pk not in provided:
            titles = sorted(set(needed_by))
            warnings.append(
                Warning(
                    "capability",
                    ngettext(
                        "%(listings)s needs %(capability)s, which no line provides.",
                        "%(listings)s need %(capability)s, which no line provides.",
                        len(titles),
                    )
                    % {"listings": ", ".join(titles), "capability": name},
                )
            )
    if summary.costs is not None:
        # Per fiscal year: a phase planned for next year counts against next year.
        warnings.extend(
            Warning("budget", message) for message in summary.costs.budget_warnings()
        )
    return warnings


def _region_name(region) -> str:
    return str(getattr(region, "name", region))


def comparable_plans(line: PackageLine) -> list[Plan]:
    """Plans of other vendors' listings of the same kind, to swap a line for, with
    the sales running now (`selectors.plan_swaps` ranks them)."""
    listing = line.plan.listing
    return list(
        Plan.objects.select_related("listing__vendor__organization")
        .prefetch_related(
            Prefetch(
                "promotions",
                queryset=Promotion.objects.running(timezone.now()),
                to_attr="running_promotions",
            )
        )
        .filter(
            listing__category=listing.category_id,
            listing__live=True,
            listing__suspended_at__isnull=True,
            currency=line.plan.currency,
        )
        .exclude(listing__vendor=listing.vendor_id)
        .order_by("listing__title", "sort_order")
    )
