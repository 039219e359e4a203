"""The compare page: solutions side by side, with columns to add and remove, the
rows where they differ, "Add to package" under each column and, for members who
compose packages, the form that saves the comparison to a package. Every control
is a plain link or form: the page needs no JavaScript."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.context_processors import current_organization
from accounts.roles import Capability
from accounts.ui import Form, error_text, posted_id
from marketplace.limits import MAX_QUANTITY
from marketplace.models import Listing, Package, Plan
from marketplace.selectors.catalog import listings_published
from marketplace.selectors.comparisons import compared_rows, listings_to_compare
from marketplace.services import packages as package_services
from marketplace.services.comparisons import COMPARE_LIMIT, saved_comparison_create
from marketplace.services.page_cache import fragment_get
from marketplace.views.buying import buyer_required

# The `show` parameter that leaves out the rows where the solutions agree.
ONLY_DIFFERENCES = "differences"
# The packages a column's "Add to package" offers at most (as a listing's page).
PACKAGES_OFFERED = 50
# What the "Find a solution" box reads at most.
FIND_MAX_LENGTH = 100


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


class ColumnAddForm(Form):
    """ "Add to package" under a column: a plan of the solution, a quantity and one
    of the organization's packages (or a new one)."""

    package = forms.CharField(label=gettext_lazy("Package"), max_length=20)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY
    )
    listing = ListingSlugsField(required=False)


def _composes(membership) -> bool:
    return bool(
        membership is not None
        and membership.organization.is_buyer
        and membership.can(Capability.PACKAGE_EDIT)
    )


def save_form_for(membership, listings) -> SaveComparisonForm | None:
    """The form under the compare page's table: for members who compose packages,
    when two solutions or more are compared."""
    if not _composes(membership) or len(listings) < 2:
        return None
    return SaveComparisonForm(
        membership=membership,
        initial={"listing": [listing.slug for listing in listings]},
    )


def compare_url(slugs: Sequence[str], *, only_differences: bool = False) -> str:
    """The compare page with these solutions, in this order."""
    params = [("listing", slug) for slug in slugs]
    if only_differences:
        params.append(("show", ONLY_DIFFERENCES))
    base = reverse("marketplace:compare")
    return f"{base}?{urlencode(params)}" if params else base


@dataclass(frozen=True)
class Column:
    """A compared solution, with the address of the page without it."""

    listing: Listing
    remove_url: str


@dataclass(frozen=True)
class Candidate:
    """A solution found to add, with the address of the page with it."""

    listing: Listing
    add_url: str


def _requested_slugs(request: HttpRequest) -> list[str]:
    return list(
        dict.fromkeys(
            slug.strip() for slug in request.GET.getlist("listing") if slug.strip()
        )
    )


def _membership(request: HttpRequest):
    return current_organization(request)["current_membership"]


def compare(request: HttpRequest) -> HttpResponse:
    """Up to COMPARE_LIMIT solutions side by side, in the order asked; what cannot
    be shown (too many, unknown) is said above the table."""
    if not request.user.is_authenticated:
        # Every visitor who is not signed in sees the same page for the same address:
        # as the page cache holds it, when it does.
        cached = fragment_get(request, "compare", request.get_full_path())
        if cached is not None:
            return render(
                request, "marketplace/compare.html", {"compare_cached": cached}
            )
    slugs = _requested_slugs(request)
    notices = []
    if len(slugs) > COMPARE_LIMIT:
        notices.append(
            _(
                "Compare up to %(limit)s solutions at a time; the first %(limit)s are "
                "shown."
            )
            % {"limit": COMPARE_LIMIT}
        )
        slugs = slugs[:COMPARE_LIMIT]
    found = {
        listing.slug: listing
        for listing in listings_published(detail=True).filter(slug__in=slugs)
    }
    if missing := [slug for slug in slugs if slug not in found]:
        notices.append(
            ngettext(
                "This solution is not on the store (any more): %(slugs)s.",
                "These solutions are not on the store (any more): %(slugs)s.",
                len(missing),
            )
            % {"slugs": ", ".join(f"“{slug[:60]}”" for slug in missing)}
        )
    listings = [found[slug] for slug in slugs if slug in found]
    slugs = [listing.slug for listing in listings]
    only_differences = request.GET.get("show") == ONLY_DIFFERENCES and len(listings) > 1
    rows = compared_rows(listings)
    find = request.GET.get("find", "").strip()[:FIND_MAX_LENGTH]
    room = len(listings) < COMPARE_LIMIT
    candidates = [
        Candidate(
            listing,
            compare_url([*slugs, listing.slug], only_differences=only_differences),
        )
        for listing in (listings_to_compare(find, exclude=slugs) if room else [])
    ]
    membership = _membership(request)
    composes = _composes(membership)
    return render(
        request,
        "marketplace/compare.html",
        {
            "listings": listings,
            "columns": [
                Column(
                    listing,
                    compare_url(
                        [slug for slug in slugs if slug != listing.slug],
                        only_differences=only_differences,
                    ),
                )
                for listing in listings
            ],
            "rows": [row for row in rows if row.differs] if only_differences else rows,
            "differing": sum(row.differs for row in rows),
            "only_differences": only_differences,
            "all_rows_url": compare_url(slugs),
            "differences_url": compare_url(slugs, only_differences=True),
            "error": " ".join(notices),
            "compare_limit": COMPARE_LIMIT,
            "room": room,
            "find": find,
            "candidates": candidates,
            "composes": composes,
            "packages": (
                list(
                    Package.objects.filter(organization=membership.organization)[
                        :PACKAGES_OFFERED
                    ]
                )
                if composes
                else []
            ),
            "login_url": (
                f"{reverse('accounts:login')}?{urlencode({'next': compare_url(slugs)})}"
            ),
            "save_form": save_form_for(membership, listings),
        },
    )


def _back_to_compare(slugs: list[str]) -> HttpResponse:
    return redirect(compare_url(slugs))


def _chosen_package(request, membership, *, title: str) -> Package:
    """The package a column's plan goes to: one of the organization's, or a new
    one named after the solution."""
    if request.POST.get("package") == "new":
        return package_services.package_create(
            membership=membership,
            name=_("Package with %(title)s") % {"title": title},
        )
    package = Package.objects.filter(
        pk=posted_id(request.POST, "package"),
        organization=membership.organization,
    ).first()
    if package is None:
        raise ValidationError(_("Choose one of your packages."))
    return package


@require_POST
@buyer_required
def compare_add(request, *, membership) -> HttpResponse:
    """ "Add to package" under a column: the plan joins the chosen package (or a new
    one), and the buyer stays on the comparison."""
    slugs = [slug for slug in request.POST.getlist("listing") if slug][:COMPARE_LIMIT]
    plan = (
        Plan.objects.select_related("listing")
        .filter(pk=posted_id(request.POST, "plan"))
        .first()
    )
    form = ColumnAddForm(request.POST)
    if plan is None:
        messages.error(request, _("This plan is not offered any more."))
        return _back_to_compare(slugs)
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(form.errors)))
        return _back_to_compare(slugs)
    title = plan.listing.title_i18n
    try:
        package = _chosen_package(request, membership, title=title)
        package_services.package_line_add(
            membership=membership,
            package=package,
            plan_id=plan.pk,
            quantity=form.cleaned_data["quantity"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return _back_to_compare(slugs)
    messages.success(
        request,
        _("%(title)s is in “%(package)s”.") % {"title": title, "package": package.name},
    )
    return _back_to_compare(slugs)


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
