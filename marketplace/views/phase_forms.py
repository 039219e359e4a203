"""The forms of phases: naming and dating a package's phases, and releasing one
phase of a quote."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.ui import Form
from marketplace.limits import MAX_PHASE
from marketplace.models import PaymentMethod


class PhaseForm(Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    planned_start = forms.DateField(
        label=gettext_lazy("Planned start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Without a date, its costs are counted from today."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=240, required=False)


class NewPhaseForm(PhaseForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            "For example “City-wide rollout”; “Phase N” when left empty."
        ),
    )


NEW_PHASE_PREFIX = "new-phase"


def phase_form_prefix(number: int) -> str:
    return f"phase-{number}"


class ReleaseForm(Form):
    phase = forms.IntegerField(
        min_value=1, max_value=MAX_PHASE, widget=forms.HiddenInput
    )
    payment_method = forms.ChoiceField(
        label=gettext_lazy("Pay by"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.CARD,
        widget=forms.RadioSelect,
    )
    purchase_order = forms.CharField(
        label=gettext_lazy("Purchase order number"), max_length=64, required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        if organization.purchase_order_required:
            field = self.fields["purchase_order"]
            field.required = True
            field.help_text = _("Your organization orders only under one.")
