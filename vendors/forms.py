from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts import ui


class VendorApplicationForm(ui.Form):
    name = forms.CharField(
        label=_("Trading name"),
        max_length=200,
        help_text=_("As buyers will see it, e.g. “Lanxin IoT”."),
    )
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    registration_number = forms.CharField(
        label=_("Company registration number"),
        max_length=64,
        help_text=_("e.g. the unified social credit code in China."),
    )
    region = forms.ChoiceField(
        label=_("Country or region of registration"), choices=lambda: list(countries)
    )
    regions_served = forms.MultipleChoiceField(
        label=_("Regions you deliver and support in"),
        choices=lambda: list(countries),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    contact_email = forms.EmailField(label=_("Sales contact e-mail address"))
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=40, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
