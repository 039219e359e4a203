from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import (  # type: ignore[attr-defined]
    LazyTypedChoiceField,
)

# Amounts are entered in major units and kept in minor units, as everywhere.
from marketplace.limits import MAX_AMOUNT
from marketplace.money_forms import CurrencyAmountsMixin, MajorUnitsField

from . import ui
from .models import Membership, Organization, User, normalize_email
from .roles import BuyerType, roles_for_kind


class LoginForm(ui.DesignSystemFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SignupForm(ui.Form):
    first_name = forms.CharField(
        label=_("Given name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Family name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Work e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."),
                code="duplicate_email",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        if password1 and not self.errors.get("password2"):
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class BuyerOrganizationForm(ui.Form):
    name = forms.CharField(
        label=_("Organization name"),
        max_length=200,
        help_text=_("For example “Futian District Urban Management Bureau”."),
    )
    buyer_type = forms.ChoiceField(
        label=_("Type"),
        choices=BuyerType.choices,
        widget=forms.RadioSelect,
    )
    region = LazyTypedChoiceField(label=_("Country or region"), choices=countries)
    locality = forms.CharField(
        label=_("City, district or county"), max_length=200, required=False
    )


class OrganizationSettingsForm(CurrencyAmountsMixin, ui.ModelForm):
    """An organization's details, how it buys and what its documents say."""

    currency_field = "second_approval_currency"

    class Meta:
        model = Organization
        fields = [
            "name",
            "locality",
            "legal_name",
            "billing_address",
            "tax_id",
            "fiscal_year_start_month",
            "purchase_order_required",
            "allow_self_approval",
            "second_approval_above",
            "second_approval_currency",
            "language",
        ]
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "billing_address": _("As invoices should address it."),
            "tax_id": _("Printed on invoices, e.g. a unified social credit code."),
            "fiscal_year_start_month": _(
                "Packages show their costs per fiscal year and warn when a year "
                "costs more than its budget."
            ),
        }

    # In major units here (e.g. 500000.00); stored in minor units.
    second_approval_above = MajorUnitsField(
        label=_("Second approver above"),
        required=False,
        maximum=MAX_AMOUNT,
        help_text=_(
            "Quotes worth more than this in their first year, before tax, need two "
            "different approvers. Leave empty for one approval."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only read with an amount; the organization's currency stays otherwise.
        self.fields["second_approval_currency"].required = False

    def clean_second_approval_currency(self):
        return (
            self.cleaned_data["second_approval_currency"]
            or self.instance.second_approval_currency
        )


class InvitationForm(ui.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (role.value, role.label) for role in roles_for_kind(organization.kind)
        ]


class MembershipForm(ui.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "is_admin"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (role.value, role.label)
            for role in roles_for_kind(self.instance.organization.kind)
        ]


class ApiKeyForm(ui.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Where the key is used, e.g. “ERP integration”."),
    )


class PasswordResetForm(ui.DesignSystemFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(ui.DesignSystemFormMixin, auth_forms.SetPasswordForm):
    pass
