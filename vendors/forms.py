from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.images.fields import WagtailImageField

from accounts import ui

from .models import ABOUT_MAX_LENGTH, LOGO_MAX_BYTES, LOGO_MIN_SIDE


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


class VendorProfileForm(ui.Form):
    """The storefront's logo and "about" text (vendors.services checks the logo)."""

    logo = WagtailImageField(label=_("Logo"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    about = forms.CharField(
        label=_("About"),
        max_length=ABOUT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What your company does and for whom, in a few sentences: buyers read "
            "it on your storefront."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's field writes its own help, with its larger size limit.
        self.fields["logo"].help_text = gettext(
            "PNG, JPEG or WebP, at least %(side)d × %(side)d pixels and at most "
            "%(size)s; a square logo on a plain background looks best."
        ) % {"side": LOGO_MIN_SIDE, "size": filesizeformat(LOGO_MAX_BYTES)}
