"""API v1 shapes of phases and of what a package costs over time: a package's
phases (`/packages/{id}/phases/`, and `phases` of a package), its cost per fiscal
year and total cost of ownership (`costs` of a package), and a phase's release.
Amounts are `{amount, currency}` in minor units, in the currency of the
serializer's context."""

from __future__ import annotations

from datetime import timedelta

from rest_framework import serializers

from marketplace.api.serializers import MoneyField
from marketplace.selectors.costs import FiscalYearCost
from marketplace.selectors.phases import PhasePlan

# Input ----------------------------------------------------------------------------


class PhaseWriteSerializer(serializers.Serializer):
    """A new phase (every field optional), or what a PATCH changes."""

    name = serializers.CharField(
        max_length=120,
        required=False,
        help_text='For example "Pilot: Futian district"; new phases default to '
        '"Phase N".',
    )
    planned_start = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="When the phase is planned to start (null: not dated yet, counted "
        "from today).",
    )
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


# Package phases ---------------------------------------------------------------------


class PhaseTotalsOutSerializer(serializers.Serializer):
    one_time = MoneyField(currency=None)
    monthly = MoneyField(currency=None)
    annual = MoneyField(currency=None)
    first_year = MoneyField(currency=None)


class PackagePhaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    planned_start = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    lines = serializers.SerializerMethodField(help_text="The ids of its lines.")
    totals = PhaseTotalsOutSerializer(help_text="Priced now, before tax.")

    def get_lines(self, plan: PhasePlan) -> list[int]:
        return [item.line.pk for item in plan.lines]


# Costs over time ----------------------------------------------------------------------


class FiscalYearCostSerializer(serializers.Serializer):
    label = serializers.CharField(help_text='"FY 2027", or "FY 2026/27".')
    starts_on = serializers.DateField(source="year.start")
    ends_on = serializers.SerializerMethodField(help_text="Its last day.")
    one_time = MoneyField(currency=None)
    recurring = MoneyField(
        currency=None, help_text="Recurring charges within the first contract terms."
    )
    renewals = MoneyField(
        currency=None,
        help_text="Recurring charges after a term's end (renewed at list price).",
    )
    total = MoneyField(currency=None)
    over_budget = MoneyField(
        currency=None, help_text="By how much it exceeds the annual budget (0: not)."
    )
    phases_starting = serializers.ListField(
        child=serializers.IntegerField(), help_text="The phases that start in it."
    )

    def get_ends_on(self, year: FiscalYearCost) -> str:
        return (year.year.end - timedelta(days=1)).isoformat()


class CostsSerializer(serializers.Serializer):
    """The package's cost over time: per fiscal year of the organization, and in
    total over three and five years from the first phase's start."""

    fiscal_year_start_month = serializers.IntegerField(
        help_text="The month the organization's fiscal year starts in (1-12)."
    )
    start = serializers.DateField(
        allow_null=True, help_text="The day the first phase starts (null: no lines)."
    )
    years = FiscalYearCostSerializer(many=True)
    tco_3_years = MoneyField(currency=None, help_text="Total cost of ownership.")
    tco_5_years = MoneyField(currency=None, help_text="Total cost of ownership.")
