"""Vendor portal forms. They validate input; the listing services do the writing."""

from __future__ import annotations

from itertools import groupby
from typing import cast

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.images.fields import WagtailImageField

from accounts import ui
from marketplace import limits
from marketplace.models import Capability, Category, Certification, Protocol
from marketplace.models.catalog import (
    BillingPeriod,
    DeploymentModel,
    ListingDocumentKind,
    PriceUnit,
    SupportHours,
    clean_price_breaks,
    clean_tags,
)
from marketplace.money import Currency, default_currency
from marketplace.money_forms import (
    CurrencyAmountsMixin,
    MajorUnitsField,
    PriceBreaksField,
)
from marketplace.regions import RegionsWidget, region_choices
from marketplace.translations import language_choices


class _CategoryChoices(ModelChoiceIterator):
    """The kinds of solution under their sections, both by name in the current
    language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        kinds = sorted(
            self.queryset,
            key=lambda kind: (
                kind.parent.name_i18n.casefold(),
                kind.name_i18n.casefold(),
            ),
        )
        for section, members in groupby(kinds, key=lambda kind: kind.parent):
            yield (section.name_i18n, [self.choice(kind) for kind in members])


class CategoryChoiceField(forms.ModelChoiceField):
    iterator = _CategoryChoices

    def label_from_instance(self, category: Category) -> str:
        return category.name_i18n


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
        choices=region_choices,
        required=False,
        widget=RegionsWidget,
        help_text=_(
            "Open a part of the world and tick the countries and regions you "
            "deliver to and support."
        ),
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


class PlanForm(CurrencyAmountsMixin, ui.Form):
    """A plan; its amounts are typed in major units of its currency, and cleaned
    to minor units (`CurrencyAmountsMixin`)."""

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
    unit_price = MajorUnitsField(
        label=_("Unit price"),
        help_text=_("In the plan's currency, e.g. 125.00 (yen without decimals)."),
    )
    setup_fee = MajorUnitsField(label=_("Setup fee"), initial=0)
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
    price_breaks = PriceBreaksField(
        label=_("Volume prices"),
        help_text=_(
            "From a quantity on, a lower unit price, e.g. from 100 at 90.00. "
            "Leave the rows empty for none."
        ),
    )

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
    """An image to add with the draft's other changes; optional."""

    file = WagtailImageField(label=_("New image"), required=False)
    caption = forms.CharField(
        label=_("Caption"),
        max_length=200,
        required=False,
        help_text=_("Describes the image for people who cannot see it."),
    )


class ListingDocumentForm(ui.Form):
    """A PDF to add with the draft's other changes (a datasheet, a certificate …);
    optional."""

    file = forms.FileField(
        label=_("New document (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("A PDF file of at most %(size)d MB.")
        % {"size": limits.MAX_DOCUMENT_BYTES // (1024 * 1024)},
    )
    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        required=False,
        help_text=_("What buyers see, e.g. “Datasheet”, “ISO 27001 certificate”."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=ListingDocumentKind.choices,
        initial=ListingDocumentKind.DATASHEET,
        # Read only with a file; a datasheet unless said otherwise.
        required=False,
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file:
            return None
        if file.size > limits.MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s MB; a document is at most %(limit)d MB.")
                % {
                    "size": f"{file.size / (1024 * 1024):.1f}",
                    "limit": limits.MAX_DOCUMENT_BYTES // (1024 * 1024),
                }
            )
        file.seek(0)
        magic = file.read(5)
        file.seek(0)
        if magic != b"%PDF-":
            raise forms.ValidationError(
                _("This file is not a PDF. Save or export the document as PDF.")
            )
        return file

    def clean(self):
        cleaned = super().clean()
        cleaned["kind"] = cleaned.get("kind") or ListingDocumentKind.DATASHEET
        if cleaned.get("file") and not cleaned.get("title", "").strip():
            self.add_error("title", _("Give the document a title, e.g. “Datasheet”."))
        if (
            "file" in cleaned
            and not cleaned.get("file")
            and cleaned.get("title", "").strip()
            and not self.has_error("file")
        ):
            self.add_error(
                "file",
                _(
                    "Choose the PDF file for this title (a browser does not keep a "
                    "chosen file when the page is shown again)."
                ),
            )
        return cleaned


class ListingMediaRemovalForm(forms.Form):
    """The draft's images and documents to remove, by id, ticked beside each."""

    remove_images = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    remove_documents = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, draft, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        images = cast(forms.ChoiceField, self.fields["remove_images"])
        documents = cast(forms.ChoiceField, self.fields["remove_documents"])
        images.choices = [(item.image_id, item.caption) for item in draft.images.all()]
        documents.choices = [
            (item.document_id, item.title) for item in draft.documents.all()
        ]
