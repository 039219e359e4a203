"""The buyer's packages, composed à la carte; "buy now"; asking for a quote.

Every page works as plain forms; with htmx the composer updates in place (the form
posts, and htmx swaps the composer from the page it gets back).
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.context_processors import SESSION_ORGANIZATION_KEY
from accounts.roles import Capability
from accounts.selectors import membership_current
from accounts.ui import Form, add_service_errors, error_text, posted_id
from marketplace.evidence import package_evidence
from marketplace.limits import MAX_AMOUNT, MAX_PHASE, MAX_QUANTITY
from marketplace.models import (
    Package,
    PackageLine,
    Plan,
    QuoteStatus,
)
from marketplace.money import default_currency
from marketplace.money_forms import CurrencyAmountsMixin, MajorUnitsField
from marketplace.selectors import packages as package_selectors
from marketplace.selectors import phases as phase_selectors
from marketplace.selectors.approvals import package_approval_gap
from marketplace.selectors.plan_swaps import plan_swaps
from marketplace.services import orders as order_services
from marketplace.services import packages as package_services
from marketplace.services import quotes as quote_services
from marketplace.views.phase_forms import (
    NEW_PHASE_PREFIX,
    NewPhaseForm,
    PhaseForm,
    phase_form_prefix,
)


def buyer_required(view):
    """The user acts for a buyer organization; the view gets the membership."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = membership_current(
            user=request.user,
            organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
        )
        if membership is None or not membership.organization.is_buyer:
            raise PermissionDenied(
                _("Packages and quotes are for members of a buyer organization.")
            )
        return view(request, *args, membership=membership, **kwargs)

    return wrapper


def refused(request, error: ValidationError | PermissionDenied) -> None:
    """A service's refusal, as a message on the next page."""
    messages.error(request, error_text(error))


class PackageForm(CurrencyAmountsMixin, Form):
    """A package's name and annual budget; the budget is typed in major units of
    the package's currency (the form's `currency`)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=160)
    budget = MajorUnitsField(
        label=gettext_lazy("Budget"),
        required=False,
        maximum=MAX_AMOUNT,
        help_text=gettext_lazy(
            "For a year, in the package's currency: each fiscal year's cost is "
            "checked against it."
        ),
    )


class AddToPackageForm(Form):
    plan = forms.ModelChoiceField(
        label=gettext_lazy("Plan"), queryset=Plan.objects.none(), empty_label=None
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY
    )
    phase = forms.IntegerField(
        label=gettext_lazy("Phase"),
        min_value=1,
        max_value=MAX_PHASE,
        initial=1,
        help_text=gettext_lazy("1 for the pilot, 2 for the next stage and so on."),
    )
    package = forms.ChoiceField(label=gettext_lazy("Package"))
    new_name = forms.CharField(
        label=gettext_lazy("Name of the new package"), max_length=160, required=False
    )

    def __init__(self, *args, listing, membership, **kwargs):
        super().__init__(*args, **kwargs)
        # A real queryset: the prefetched plans of a cluster lose their filter.
        self.fields["plan"].queryset = Plan.objects.filter(listing=listing).order_by(
            "sort_order"
        )
        self.fields["plan"].label_from_instance = lambda plan: (
            f"{plan.name} ({plan.get_billing_display()})"
        )
        self.fields["quantity"].initial = max(
            (plan.min_quantity for plan in listing.plans.all()), default=1
        )
        packages = Package.objects.filter(organization=membership.organization)
        self.fields["package"].choices = [
            *((str(package.pk), package.name) for package in packages[:50]),
            ("new", _("A new package")),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("package") == "new" and not cleaned.get("new_name", "").strip():
            self.add_error("new_name", _("Name the new package."))
        return cleaned


class LineForm(Form):
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY
    )
    phase = forms.IntegerField(
        label=gettext_lazy("Phase"), min_value=1, max_value=MAX_PHASE
    )
    site = forms.CharField(label=gettext_lazy("Site"), max_length=120, required=False)


class BuyNowForm(Form):
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        required=False,
    )


@buyer_required
def package_list(request, *, membership) -> HttpResponse:
    form = PackageForm(request.POST or None, currency=default_currency())
    if request.method == "POST" and form.is_valid():
        try:
            package = package_services.package_create(
                membership=membership,
                name=form.cleaned_data["name"],
                budget=form.cleaned_data["budget"],
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            return redirect("marketplace:package", package.pk)
    packages = Package.objects.filter(organization=membership.organization)
    return render(
        request,
        "marketplace/buying/package_list.html",
        {"packages": packages, "form": form},
    )


def owned_package(membership, pk: int) -> Package:
    return get_object_or_404(Package, pk=pk, organization=membership.organization)


@buyer_required
def package_detail(request, pk: int, *, membership) -> HttpResponse:
    return package_page(request, membership, owned_package(membership, pk))


def package_page(
    request,
    membership,
    package: Package,
    *,
    phase_forms: dict | None = None,
    new_phase_form=None,
    status: int = 200,
) -> HttpResponse:
    """The package's page: its lines by phase, with the forms to name and date the
    phases (`phase_forms`, by number, and `new_phase_form`: bound forms to show
    again with their errors), totals and the cost per fiscal year."""
    summary = package_selectors.package_summarize(package)
    phases = phase_selectors.package_phases(summary)
    swaps = {item.line.pk: plan_swaps(item.line) for item in summary.lines}
    phase_forms = phase_forms or {}
    for phase in phases:
        phase_forms.setdefault(
            phase.number,
            PhaseForm(
                prefix=phase_form_prefix(phase.number),
                initial={
                    "name": phase.name,
                    "planned_start": phase.planned_start,
                    "note": phase.note,
                },
            ),
        )
    return render(
        request,
        "marketplace/buying/package_detail.html",
        {
            "package": package,
            "summary": summary,
            "phases": phases,
            "costs": summary.costs,
            "phase_forms": phase_forms,
            "new_phase_form": new_phase_form or NewPhaseForm(prefix=NEW_PHASE_PREFIX),
            "next_phase": max((phase.number for phase in phases), default=0) + 1,
            "swaps": swaps,
            "quotes": package.quotes.all()[:10],
            # Saved searches and comparisons: how the choice was made.
            "evidence": package_evidence(package),
            "approval_gap": package_approval_gap(
                membership, package, summary.first_year
            ),
            "can_edit": membership.can(Capability.PACKAGE_EDIT),
            "can_quote": membership.can(Capability.QUOTE_REQUEST),
            "package_form": PackageForm(
                prefix="package",
                currency=package.currency,
                initial={"name": package.name, "budget": package.budget},
            ),
        },
        status=status,
    )


@require_POST
@buyer_required
def package_settings(request, pk: int, *, membership) -> HttpResponse:
    """Rename the package and set its annual budget."""
    package = owned_package(membership, pk)
    form = PackageForm(request.POST, prefix="package", currency=package.currency)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(str(error) for errors in form.errors.values() for error in errors),
        )
        return redirect("marketplace:package", package.pk)
    try:
        package_services.package_update(
            membership=membership,
            package=package,
            name=form.cleaned_data["name"],
            budget=form.cleaned_data["budget"],
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
    else:
        messages.success(request, _("The package is saved."))
    return redirect("marketplace:package", package.pk)


@require_POST
@buyer_required
def package_line_change(request, pk: int, line_id: int, *, membership) -> HttpResponse:
    package = owned_package(membership, pk)
    line = get_object_or_404(PackageLine, pk=line_id, package=package)
    if not membership.can(Capability.PACKAGE_EDIT):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "remove":
        line.delete()
        messages.success(request, _("The line is removed."))
    elif action == "swap":
        try:
            package_services.package_line_swap(
                membership=membership,
                line=line,
                plan_id=posted_id(request.POST, "plan"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The line is swapped."))
    else:
        form = LineForm(request.POST)
        if form.is_valid():
            try:
                package_services.package_line_update(
                    membership=membership, line=line, **form.cleaned_data
                )
            except ValidationError as error:
                refused(request, error)
            else:
                messages.success(request, _("The line is updated."))
        else:
            refused(request, ValidationError(form.errors))
    return redirect("marketplace:package", package.pk)


@require_POST
@buyer_required
def package_add(request, *, membership) -> HttpResponse:
    """Add a plan of a listing to a package (from a listing's page)."""
    plan = get_object_or_404(
        Plan.objects.select_related("listing"), pk=posted_id(request.POST, "plan")
    )
    listing = plan.listing
    form = AddToPackageForm(request.POST, listing=listing, membership=membership)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["package"] == "new":
                package = package_services.package_create(
                    membership=membership, name=data["new_name"]
                )
            else:
                package = owned_package(membership, int(data["package"]))
            package_services.package_line_add(
                membership=membership,
                package=package,
                plan_id=data["plan"].pk,
                quantity=data["quantity"],
                phase=data["phase"],
            )
        except (ValidationError, PermissionDenied) as error:
            refused(request, error)
        else:
            messages.success(
                request,
                _("%(title)s is in “%(package)s”.")
                % {"title": listing.title, "package": package.name},
            )
            return redirect("marketplace:package", package.pk)
    else:
        refused(request, ValidationError(form.errors))
    return redirect("marketplace:listing", listing.slug)


@require_POST
@buyer_required
def package_from_collection(request, page_id: int, *, membership) -> HttpResponse:
    """ "Use as my starting package" on a curated collection."""
    from marketplace.pages import CollectionPage

    collection = get_object_or_404(CollectionPage.objects.live(), pk=page_id)
    try:
        package = package_services.package_from_collection(
            membership=membership, collection=collection
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        return redirect(collection.url)
    messages.success(
        request,
        _("“%(title)s” is your package now: change it as you need.")
        % {"title": collection.title},
    )
    return redirect("marketplace:package", package.pk)


@require_POST
@buyer_required
def buy_now(request, *, membership) -> HttpResponse:
    """ "Buy now" on a listing's plan: straight to the order where the organization
    allows self-approval, else to the quote for an approver."""
    plan = get_object_or_404(
        Plan.objects.select_related("listing"), pk=posted_id(request.POST, "plan")
    )
    form = BuyNowForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        quote, order = order_services.order_buy_now(
            membership=membership,
            plan_id=plan.pk,
            quantity=form.cleaned_data["quantity"] or max(plan.min_quantity, 1),
            payment_method=request.POST.get("payment_method") or "card",
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        return redirect("marketplace:listing", plan.listing.slug)
    if order is None and quote.status == QuoteStatus.APPROVED:
        messages.info(
            request,
            _(
                "Quote %(number)s is approved. Give your purchase order number to "
                "order it."
            )
            % {"number": quote.number},
        )
        return redirect("marketplace:quote", quote.pk)
    if order is None:
        messages.info(
            request,
            _("Quote %(number)s waits for an approver of your organization.")
            % {"number": quote.number},
        )
        return redirect("marketplace:quote", quote.pk)
    return redirect("marketplace:order", order.pk)


@require_POST
@buyer_required
def package_quote(request, pk: int, *, membership) -> HttpResponse:
    package = owned_package(membership, pk)
    try:
        quote = quote_services.quote_create(membership=membership, package=package)
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        return redirect("marketplace:package", package.pk)
    messages.success(request, _("Quote %(number)s is made.") % {"number": quote.number})
    return redirect("marketplace:quote", quote.pk)
