"""Vendor portal forms. They validate input; the listing services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.images.fields import WagtailImageField

from accounts import ui
from marketplace import limits
from marketplace.models import Capability, Category, Certification, Protocol
from marketplace.models.catalog import (
    BillingPeriod,
    DeploymentModel,
    PriceUnit,
    SupportHours,
    clean_price_breaks,
    clean_tags,
)
from marketplace.money import Currency, default_currency
from marketplace.translations import language_choices


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category: Category) -> str:
        return str(category)


class CapabilityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, capability: Capability) -> str:
        return capability.name_i18n


def _kinds():
    return Category.objects.filter(parent__isnull=False).select_related("parent")


class ListingStartForm(ui.Form):
    title = forms.CharField(label=_("Name of the solution"), max_length=120)
    category = CategoryChoiceField(label=_("Category"), queryset=_kinds())


class ListingForm(ui.Form):
    title = forms.CharField(label=_("Name of the solution"), max_length=120)
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=language_choices,
        required=False,
        help_text=_(
            "The language of the fields below. Translations into the other "
            "languages are on their own pages."
        ),
    )
    category = CategoryChoiceField(label=_("Category"), queryset=_kinds())
    summary = forms.CharField(
        label=_("Summary"),
        max_length=240,
        required=False,
        help_text=_("One sentence buyers see in results."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=limits.MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Paragraphs, lists, bold, italic and links: <p>, <ul>, <ol>, <li>, "
            "<strong>, <em>, <h3>, <a href>. Anything else is removed."
        ),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Comma-separated, e.g. nb-iot, flood, sensors."),
    )
    deployment_model = forms.ChoiceField(
        label=_("Deployment model"),
        choices=[("", "—"), *DeploymentModel.choices],
        required=False,
    )
    protocols = forms.ModelMultipleChoiceField(
        label=_("Protocols"),
        queryset=Protocol.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certifications = forms.ModelMultipleChoiceField(
        label=_("Certifications"),
        queryset=Certification.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions served"),
        choices=lambda: list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    data_residency = forms.ChoiceField(
        label=_("Data residency"),
        choices=lambda: [("", "—"), *countries],
        required=False,
    )
    sla_uptime = forms.DecimalField(
        label=_("SLA uptime (%)"),
        min_value=90,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    support_hours = forms.ChoiceField(
        label=_("Support hours"),
        choices=[("", "—"), *SupportHours.choices],
        required=False,
    )
    requires = CapabilityChoiceField(
        label=_("Requires"),
        queryset=Capability.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provides = CapabilityChoiceField(
        label=_("Provides"),
        queryset=Capability.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_tags(self) -> list[str]:
        return clean_tags(self.cleaned_data["tags"].split(","))


class PlanForm(ui.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Plan name"), max_length=80)
    # Defaults on the fields themselves, so that an untouched extra plan form counts
    # as unchanged and is left out.
    billing = forms.ChoiceField(
        label=_("Billing"), choices=BillingPeriod.choices, initial=BillingPeriod.MONTHLY
    )
    unit = forms.ChoiceField(
        label=_("Unit"), choices=PriceUnit.choices, initial=PriceUnit.DEVICE
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial=default_currency
    )
    unit_price = forms.IntegerField(
        label=_("Unit price (minor units)"),
        min_value=0,
        max_value=limits.MAX_PRICE,
        help_text=_("In cents or fen: 12500 is 125.00."),
    )
    setup_fee = forms.IntegerField(
        label=_("Setup fee (minor units)"),
        min_value=0,
        max_value=limits.MAX_PRICE,
        initial=0,
    )
    min_quantity = forms.IntegerField(
        label=_("Minimum quantity"),
        min_value=1,
        max_value=limits.MAX_QUANTITY,
        initial=1,
    )
    max_quantity = forms.IntegerField(
        label=_("Maximum quantity"),
        min_value=1,
        max_value=limits.MAX_QUANTITY,
        required=False,
    )
    contract_term_months = forms.IntegerField(
        label=_("Contract term (months)"),
        min_value=0,
        max_value=limits.MAX_CONTRACT_TERM_MONTHS,
        initial=0,
    )
    trial_days = forms.IntegerField(
        label=_("Trial days"),
        min_value=0,
        max_value=limits.MAX_TRIAL_DAYS,
        initial=0,
    )
    price_breaks = forms.CharField(
        label=_("Volume prices"),
        required=False,
        help_text=_("One per line: quantity=unit price, e.g. 100=9000"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_price_breaks(self) -> list[dict[str, int]]:
        lines = [
            line.strip()
            for line in self.cleaned_data["price_breaks"].splitlines()
            if line.strip()
        ]
        breaks = []
        for line in lines:
            quantity, _sep, price = line.partition("=")
            try:
                breaks.append({"min_quantity": int(quantity), "unit_price": int(price)})
            except ValueError as error:
                raise forms.ValidationError(
                    _("Write each line as quantity=unit price, e.g. 100=9000.")
                ) from error
        return breaks

    def clean(self):
        cleaned = super().clean()
        if "price_breaks" in cleaned and "unit_price" in cleaned:
            try:
                cleaned["price_breaks"] = clean_price_breaks(
                    cleaned["price_breaks"], unit_price=cleaned["unit_price"]
                )
            except forms.ValidationError as error:
                self.add_error("price_breaks", error)
        maximum, minimum = cleaned.get("max_quantity"), cleaned.get("min_quantity")
        if maximum is not None and minimum is not None and maximum < minimum:
            self.add_error(
                "max_quantity", _("The maximum is below the minimum quantity.")
            )
        return cleaned


PlanFormSet = forms.formset_factory(
    PlanForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


class ListingImageForm(ui.Form):
    file = WagtailImageField(label=_("Image"))
    caption = forms.CharField(
        label=_("Caption"),
        max_length=200,
        required=False,
        help_text=_("Describes the image for people who cannot see it."),
    )
