"""Saving the compare page's comparison to a package: a plain form under the
table, for members who compose packages."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.ui import Form, error_text
from marketplace.models import Package
from marketplace.services.comparisons import saved_comparison_create
from marketplace.views.buying import buyer_required


class ListingSlugsField(forms.Field):
    """The compared listings' slugs, carried in hidden inputs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        return [str(item) for item in value or []]


class SaveComparisonForm(Form):
    package = forms.ModelChoiceField(
        label=gettext_lazy("Package"),
        queryset=Package.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Choose one of your packages.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Why these solutions, or what decided it: it is filed with the comparison."
        ),
    )
    listing = ListingSlugsField(required=False)

    def __init__(self, *args, membership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        packages = Package.objects.filter(organization=membership.organization)
        self.fields["package"].queryset = packages  # type: ignore[attr-defined]


def save_form_for(membership, listings) -> SaveComparisonForm | None:
    """The form under the compare page's table: for members who compose packages,
    when two solutions or more are compared."""
    if (
        membership is None
        or not membership.organization.is_buyer
        or not membership.can(Capability.PACKAGE_EDIT)
        or len(listings) < 2
    ):
        return None
    return SaveComparisonForm(
        membership=membership,
        initial={"listing": [listing.slug for listing in listings]},
    )


def _back_to_compare(slugs: list[str]) -> HttpResponse:
    query = urlencode([("listing", slug) for slug in slugs])
    return redirect(f"{reverse('marketplace:compare')}?{query}")


@require_POST
@buyer_required
def compare_save(request, *, membership) -> HttpResponse:
    """Freeze the comparison into the chosen package, then show the package."""
    form = SaveComparisonForm(request.POST, membership=membership)
    slugs = request.POST.getlist("listing")
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(form.errors)))
        return _back_to_compare(slugs)
    package = form.cleaned_data["package"]
    try:
        saved_comparison_create(
            membership=membership,
            package=package,
            slugs=form.cleaned_data["listing"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return _back_to_compare(slugs)
    messages.success(
        request,
        _("The comparison is saved to “%(package)s”.") % {"package": package.name},
    )
    return redirect(f"{reverse('marketplace:package', args=[package.pk])}#evidence")
