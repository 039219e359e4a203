"""The vendor portal's translation pages: a listing's text in another language,
beside the original, saved into the draft and reviewed like any other change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Capability
from accounts.ui import Form, add_service_errors
from marketplace import limits
from marketplace.models import Listing
from marketplace.selectors.translations import listing_translation_status
from marketplace.services import listings as services
from marketplace.translations import content_languages, language_names
from vendors.views import vendor_required


def _field(label: str, original: str, max_length: int, *, long: bool = False):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 8 if long else 3}) if long else None,
        help_text=original,
    )


class TranslationForm(Form):
    """One field per text of the draft with an original; the original is shown
    beside it (as help text, marked with its language in the template)."""

    def __init__(self, *args, draft: Listing, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.draft, self.language = draft, language
        self.groups: list[tuple[str, list[str]]] = []
        names: list[str] = []
        for field, label, length, long in (
            ("title", _("Name of the solution"), 120, False),
            ("summary", _("Summary"), 240, False),
            ("description", _("Description"), limits.MAX_DESCRIPTION_LENGTH, True),
        ):
            original = getattr(draft, field)
            if original:
                self.fields[field] = _field(label, original, length, long=long)
                self.fields[field].initial = _existing(draft, language, field)
                names.append(field)
        self.groups.append((_("The solution"), names))
        for plan in draft.plans.all():
            names = []
            for field, label, length in (
                ("name", _("Plan name"), 80),
                (
                    "description",
                    _("What is included"),
                    limits.MAX_PLAN_DESCRIPTION_LENGTH,
                ),
            ):
                original = getattr(plan, field)
                if original:
                    name = f"plan-{plan.code}-{field}"
                    self.fields[name] = _field(label, original, length)
                    self.fields[name].initial = _existing(plan, language, field)
                    names.append(name)
            self.groups.append((_("Plan %(code)s") % {"code": plan.code}, names))
        for index, reference in enumerate(draft.reference_deployments.all()):
            names = []
            for field, label, length in (
                ("city", _("City or organization"), 120),
                ("scale", _("Scale"), 160),
            ):
                name = f"reference-{index}-{field}"
                self.fields[name] = _field(label, getattr(reference, field), length)
                self.fields[name].initial = _existing(reference, language, field)
                names.append(name)
            self.groups.append(
                (_("Reference deployment %(number)d") % {"number": index + 1}, names)
            )

    def grouped(self):
        return [
            (heading, [self[name] for name in names])
            for heading, names in self.groups
            if names
        ]

    def texts(self) -> dict:
        data = self.cleaned_data
        plans: dict[str, dict[str, str]] = {}
        references: dict[int, dict[str, str]] = {}
        texts: dict[str, str] = {}
        for name, value in data.items():
            if name.startswith("plan-"):
                _prefix, rest = name.split("-", 1)
                code, field = rest.rsplit("-", 1)
                plans.setdefault(code, {})[field] = value
            elif name.startswith("reference-"):
                _prefix, index, field = name.split("-", 2)
                references.setdefault(int(index), {})[field] = value
            else:
                texts[name] = value
        return {
            "texts": texts,
            "plans": plans,
            "references": [references[index] for index in sorted(references)],
        }


def _existing(item, language: str, field: str) -> str:
    return (item.translations or {}).get(language, {}).get(field, "")


@vendor_required
def listing_translate(
    request, pk: int, language: str, *, vendor, membership
) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, vendor=vendor)
    draft = services.listing_draft(listing=listing)
    if language not in content_languages() or language == draft.language:
        raise Http404(_("No such translation."))
    can_edit = membership.can(Capability.LISTING_EDIT) and listing.status not in (
        "in_review",
        "suspended",
    )
    form = TranslationForm(request.POST or None, draft=draft, language=language)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This listing cannot be edited now."))
        if form.is_valid():
            try:
                services.listing_translate(
                    listing=listing,
                    user=request.user,
                    language=language,
                    **form.texts(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The %(language)s translation is saved in your draft. Submit "
                        "the listing for review to publish it."
                    )
                    % {"language": language_names()[language]},
                )
                return redirect("marketplace:vendor_listing_edit", pk=listing.pk)
    return render(
        request,
        "marketplace/vendor/listing_translate.html",
        {
            "listing": listing,
            "draft": draft,
            "form": form,
            "language": language,
            "language_name": language_names()[language],
            "languages": listing_translation_status(draft),
            "can_edit": can_edit,
        },
    )
