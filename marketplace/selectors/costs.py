"""What a package costs over time, per fiscal year of the buyer organization, and
its total cost of ownership over three and five years.

The projection charges each line from its phase's planned start (today for a phase
without a date): its one-time amounts on that day, then its recurring price every
month or every year. A contract is assumed renewed at each term's end (a plan
without a term: every twelve months), and renewals are charged at list price: a
sale is granted to the units ordered while it runs, not to the next term. Amounts
are integers in minor units of the package's currency, before tax.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from marketplace.money import Money
from marketplace.services.subscriptions import BILLING_MONTHS, add_months

if TYPE_CHECKING:
    from marketplace.models import Package
    from marketplace.selectors.packages import PricedLine

# The totals of ownership the package shows, counted from the programme's start;
# the table of fiscal years covers at least the longest of them.
TCO_YEARS = (3, 5)


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year of an organization: twelve months from its first day."""

    start: date

    @property
    def end(self) -> date:
        """The first day of the next fiscal year."""
        return add_months(self.start, 12)

    @property
    def label(self) -> str:
        """ "FY 2027" for a year that starts in January, else "FY 2026/27"."""
        if self.start.month == 1:
            return _("FY %(year)d") % {"year": self.start.year}
        return _("FY %(start)d/%(end)02d") % {
            "start": self.start.year,
            "end": (self.start.year + 1) % 100,
        }


def fiscal_year_of(day: date, start_month: int) -> FiscalYear:
    """The fiscal year `day` falls in, for years that start on the first day of
    `start_month` (1 = January)."""
    year = day.year if day.month >= start_month else day.year - 1
    return FiscalYear(date(year, start_month, 1))


@dataclass(frozen=True)
class Charge:
    """One projected charge of one line."""

    on: date
    phase: int
    kind: str  # "one_time", "recurring" (first term) or "renewal"
    amount: int


@dataclass
class FiscalYearCost:
    year: FiscalYear
    one_time: int = 0
    recurring: int = 0
    renewals: int = 0
    budget: int | None = None
    # The phases that start in this fiscal year.
    phases_starting: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.year.label

    @property
    def total(self) -> int:
        return self.one_time + self.recurring + self.renewals

    @property
    def over_budget(self) -> int:
        """By how much the year's cost exceeds the annual budget (0: it does not)."""
        if self.budget is None:
            return 0
        return max(0, self.total - self.budget)


@dataclass(frozen=True)
class OwnershipTotal:
    """What the package costs in the first `years` years from the programme's
    start."""

    years: int
    until: date  # the first day after the period
    amount: int


@dataclass
class CostProjection:
    currency: str
    fiscal_year_start_month: int
    budget: int | None
    # The day the first phase starts; None for a package without lines.
    start: date | None
    years: list[FiscalYearCost]
    ownership: list[OwnershipTotal]

    @property
    def fiscal_year_start_month_name(self) -> str:
        return str(MONTHS[self.fiscal_year_start_month])

    def ownership_over(self, years: int) -> int:
        return next(
            (total.amount for total in self.ownership if total.years == years), 0
        )

    @property
    def tco_3_years(self) -> int:
        return self.ownership_over(3)

    @property
    def tco_5_years(self) -> int:
        return self.ownership_over(5)

    @property
    def years_over_budget(self) -> list[FiscalYearCost]:
        return [year for year in self.years if year.over_budget]

    def budget_warnings(self) -> list[str]:
        """One sentence per fiscal year that costs more than the annual budget."""
        return [
            _(
                "%(year)s costs %(total)s, %(over)s more than the annual budget of "
                "%(budget)s."
            )
            % {
                "year": year.label,
                "total": Money(year.total, self.currency),
                "over": Money(year.over_budget, self.currency),
                "budget": Money(year.budget or 0, self.currency),
            }
            for year in self.years_over_budget
        ]


def phase_start_days(package: Package, today: date) -> dict[int, date]:
    """Each phase's planned start, by number (the prefetched phases when a selector
    loaded them); a phase without a date starts today."""
    return {
        phase.number: phase.planned_start or today for phase in package.phases.all()
    }


def line_charges(item: PricedLine, start: date, until: date) -> Iterator[Charge]:
    """The charges of one priced line that starts on `start`, before `until`."""
    price, phase = item.price, item.line.phase
    if price.one_time and start < until:
        yield Charge(start, phase, "one_time", price.one_time)
    period = BILLING_MONTHS.get(price.billing)
    if period is None or not price.recurring:
        return
    term_end = add_months(start, item.line.plan.contract_term_months or 12)
    list_price = price.recurring + price.discount
    index = 0
    # Each date from the start, not from the previous one: a start on the 31st
    # keeps charging on the last day of short months and the 31st of long ones.
    while (on := add_months(start, index * period)) < until:
        if on < term_end:
            yield Charge(on, phase, "recurring", price.recurring)
        else:
            yield Charge(on, phase, "renewal", list_price)
        index += 1


def package_costs(
    package: Package, lines: list[PricedLine], *, today: date | None = None
) -> CostProjection:
    """The package's cost per fiscal year of its organization, from the fiscal
    year its first phase starts in through the end of the longest contract term
    or the longest total of ownership, whichever is later; and its totals of
    ownership over three and five years from that first start."""
    today = today or timezone.localdate()
    start_month = package.organization.fiscal_year_start_month or 1
    projection = CostProjection(
        currency=package.currency,
        fiscal_year_start_month=start_month,
        budget=package.budget,
        start=None,
        years=[],
        ownership=[],
    )
    if not lines:
        return projection
    starts = phase_start_days(package, today)

    def start_of(item: PricedLine) -> date:
        return starts.get(item.line.phase, today)

    programme_start = min(start_of(item) for item in lines)
    horizon = max(
        add_months(programme_start, 12 * max(TCO_YEARS)),
        *(
            add_months(start_of(item), item.line.plan.contract_term_months)
            for item in lines
        ),
    )
    first = fiscal_year_of(programme_start, start_month)
    last = fiscal_year_of(horizon - timedelta(days=1), start_month)
    years: dict[date, FiscalYearCost] = {}
    year = first
    while year.start <= last.start:
        years[year.start] = FiscalYearCost(year=year, budget=package.budget)
        year = FiscalYear(year.end)
    ownership = dict.fromkeys(TCO_YEARS, 0)
    ownership_until = {
        count: add_months(programme_start, 12 * count) for count in TCO_YEARS
    }
    for item in lines:
        start = start_of(item)
        for charge in line_charges(item, start, last.end):
            row = years[fiscal_year_of(charge.on, start_month).start]
            if charge.kind == "one_time":
                row.one_time += charge.amount
            elif charge.kind == "recurring":
                row.recurring += charge.amount
            else:
                row.renewals += charge.amount
            for count, until in ownership_until.items():
                if charge.on < until:
                    ownership[count] += charge.amount
    for number in sorted({item.line.phase for item in lines}):
        day = starts.get(number, today)
        years[fiscal_year_of(day, start_month).start].phases_starting.append(number)
    projection.start = programme_start
    projection.years = list(years.values())
    projection.ownership = [
        OwnershipTotal(count, ownership_until[count], ownership[count])
        for count in TCO_YEARS
    ]
    return projection
