"""The vendor portal: a vendor's own listings — draft, edit, preview, submit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.ui import Form, add_service_errors
from marketplace.countries import country_code
from marketplace.forms import (
    ListingDocumentForm,
    ListingForm,
    ListingImageForm,
    ListingMediaRemovalForm,
    ListingStartForm,
    PlanFormSet,
)
from marketplace.models import Listing, SubscriptionStatus
from marketplace.selectors.buying import vendor_subscriptions
from marketplace.selectors.catalog import listing_review_comments
from marketplace.selectors.translations import listing_translation_status
from marketplace.services import listings as services
from marketplace.services import provisioning
from marketplace.services.listing_media import MediaChanges, NewDocument, NewImage
from vendors.views import vendor_required


@vendor_required
def listing_list(request, *, vendor, membership) -> HttpResponse:
    listings = Listing.objects.filter(vendor=vendor).select_related("category")
    return render(
        request,
        "marketplace/vendor/listing_list.html",
        {
            "vendor": vendor,
            "listings": listings.order_by("title"),
            "can_edit": membership.can(Capability.LISTING_EDIT),
        },
    )


@vendor_required
def listing_start(request, *, vendor, membership) -> HttpResponse:
    if not membership.can(Capability.LISTING_EDIT):
        raise PermissionDenied(_("Your role does not allow editing listings."))
    form = ListingStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                vendor=vendor, user=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Complete it, then submit it."))
            return redirect("marketplace:vendor_listing_edit", pk=listing.pk)
    return render(request, "marketplace/vendor/listing_start.html", {"form": form})


def _initial(draft: Listing) -> tuple[dict, list[dict]]:
    listing = {
        "title": draft.title,
        "language": draft.language,
        "category": draft.category_id,
        "summary": draft.summary,
        "description": draft.description,
        "tags": ", ".join(sorted(tag.name for tag in draft.tags.all())),
        "deployment_model": draft.deployment_model,
        "protocols": list(draft.protocols.all()),
        "certifications": list(draft.certifications.all()),
        "regions": [country_code(country) for country in draft.regions],
        "data_residency": country_code(draft.data_residency),
        "sla_uptime": draft.sla_uptime,
        "support_hours": draft.support_hours,
        "requires": list(draft.requires.all()),
        "provides": list(draft.provides.all()),
    }
    plans = [
        {
            "code": plan.code,
            "name": plan.name,
            "billing": plan.billing,
            "unit": plan.unit,
            "currency": plan.currency,
            "unit_price": plan.unit_price,
            "setup_fee": plan.setup_fee,
            "min_quantity": plan.min_quantity,
            "max_quantity": plan.max_quantity,
            "contract_term_months": plan.contract_term_months,
            "trial_days": plan.trial_days,
            "price_breaks": plan.price_breaks,
        }
        for plan in draft.plans.all()
    ]
    return listing, plans


def _media_changes(
    image_form: ListingImageForm,
    document_form: ListingDocumentForm,
    removal_form: ListingMediaRemovalForm,
) -> MediaChanges:
    image, document = image_form.cleaned_data, document_form.cleaned_data
    return MediaChanges(
        add_images=[NewImage(file=image["file"], caption=image["caption"])]
        if image.get("file")
        else [],
        add_documents=[
            NewDocument(
                file=document["file"], title=document["title"], kind=document["kind"]
            )
        ]
        if document.get("file")
        else [],
        remove_images=set(removal_form.cleaned_data["remove_images"]),
        remove_documents=set(removal_form.cleaned_data["remove_documents"]),
    )


@vendor_required
def listing_edit(request, pk: int, *, vendor, membership) -> HttpResponse:
    """The draft in one form: its text, plans, images and documents are saved
    together, so that adding a file never loses an edit not yet saved."""
    listing = get_object_or_404(Listing, pk=pk, vendor=vendor)
    draft = services.listing_draft(listing=listing)
    initial, plans = _initial(draft)
    can_edit = membership.can(Capability.LISTING_EDIT) and listing.status not in (
        "in_review",
        "suspended",
    )
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ListingForm(data, initial=initial, prefix="listing")
    formset = PlanFormSet(data, initial=plans, prefix="plans")
    image_form = ListingImageForm(data, files, prefix="image")
    document_form = ListingDocumentForm(data, files, prefix="document")
    removal_form = ListingMediaRemovalForm(data, draft=draft, prefix="media")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This listing cannot be edited now."))
        valid = [
            part.is_valid()
            for part in (form, formset, image_form, document_form, removal_form)
        ]
        if all(valid):
            data = dict(form.cleaned_data)
            # An untouched extra form has no cleaned data; deleted plans are left out.
            data["plans"] = [
                {
                    key: value
                    for key, value in plan.cleaned_data.items()
                    if key != "DELETE"
                }
                for plan in formset.forms
                if plan.cleaned_data and not plan.cleaned_data.get("DELETE")
            ]
            try:
                services.listing_update(
                    listing=listing,
                    user=request.user,
                    data=data,
                    media=_media_changes(image_form, document_form, removal_form),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your changes are saved as a draft."))
                return redirect("marketplace:vendor_listing_edit", pk=listing.pk)
        messages.error(
            request,
            _("Nothing is saved yet: correct what is marked below, then save again."),
        )
        # A browser does not keep a chosen file when the page is shown again.
        for part in (image_form, document_form):
            if part.is_valid() and part.cleaned_data.get("file"):
                part.add_error(
                    "file", _("Choose this file again: it is not saved yet.")
                )
    return render(
        request,
        "marketplace/vendor/listing_edit.html",
        {
            "listing": listing,
            "draft": draft,
            "form": form,
            "formset": formset,
            "image_form": image_form,
            "document_form": document_form,
            "removal_form": removal_form,
            "can_edit": can_edit,
            "can_submit": membership.can(Capability.LISTING_SUBMIT),
            "comments": listing_review_comments(listing=listing),
            "languages": listing_translation_status(draft),
        },
    )


@vendor_required
def listing_preview(request, pk: int, *, vendor, membership) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, vendor=vendor)
    return render(
        request,
        "marketplace/listing_detail.html",
        {"listing": services.listing_draft(listing=listing), "preview": True},
    )


@vendor_required
@require_POST
def listing_submit(request, pk: int, *, vendor, membership) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, vendor=vendor)
    try:
        services.listing_submit(listing=listing, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Submitted. The curators will review it and tell you here.")
        )
    return redirect("marketplace:vendor_listing_edit", pk=listing.pk)


@vendor_required
def vendor_order_list(request, *, vendor, membership) -> HttpResponse:
    """The vendor's part of each order and what it is owed: gross, the platform's
    commission, net."""
    if not membership.can(Capability.VENDOR_ORDERS_VIEW):
        raise PermissionDenied(_("Your role does not show orders."))
    from marketplace.models import VendorOrder

    vendor_orders = (
        VendorOrder.objects.filter(vendor=vendor)
        .select_related("order__organization")
        .prefetch_related("lines__quote_line__plan", "lines__quote_line__promotion")
        # What the ledger holds for it: the net, less refunds and cancellations.
        .annotate(booked_net=Sum("ledger_entries__net"))
        .order_by("-order__placed_at")
    )
    return render(
        request,
        "marketplace/vendor/order_list.html",
        {"vendor": vendor, "vendor_orders": vendor_orders[:200]},
    )


class ReportForm(Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[
            ("provisioned", gettext_lazy("Provisioned: the buyer can use it")),
            ("failed", gettext_lazy("Failed: it cannot be provisioned")),
        ],
        widget=forms.RadioSelect,
    )
    instance_id = forms.CharField(
        label=gettext_lazy("Your instance or tenant id"), required=False, max_length=200
    )
    url = forms.CharField(
        label=gettext_lazy("Access URL"), required=False, max_length=500
    )
    username = forms.CharField(
        label=gettext_lazy("User name"), required=False, max_length=500
    )
    password = forms.CharField(
        label=gettext_lazy("Initial password"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "Encrypted at rest and shown only to the buyer organization's members."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the buyer"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it failed (for a failure)"),
        required=False,
        max_length=500,
    )

    def report(self) -> dict:
        data = self.cleaned_data
        if data["status"] == "failed":
            return {"status": "failed", "reason": data["reason"]}
        return {
            "status": "provisioned",
            "instance_id": data["instance_id"],
            "access": {
                key: data[key]
                for key in ("url", "username", "password", "note")
                if data[key]
            },
        }


def _fulfils(membership) -> None:
    if not membership.can(Capability.SUBSCRIPTION_FULFIL):
        raise PermissionDenied(_("Your role does not provision subscriptions."))


@vendor_required
def vendor_subscription_list(request, *, vendor, membership) -> HttpResponse:
    """What the vendor is to provision, and what it provisioned."""
    _fulfils(membership)
    subscriptions = vendor_subscriptions(vendor)
    status = request.GET.get("status", "")
    if status in SubscriptionStatus.values:
        subscriptions = subscriptions.filter(status=status)
    page = Paginator(subscriptions, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/vendor/subscription_list.html",
        {
            "vendor": vendor,
            "page_obj": page,
            "status": status,
            "statuses": SubscriptionStatus.choices,
        },
    )


@vendor_required
def vendor_subscription_detail(request, pk: int, *, vendor, membership) -> HttpResponse:
    """One subscription; report its provisioning (as the callback does)."""
    _fulfils(membership)
    subscription = get_object_or_404(vendor_subscriptions(vendor), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provisioning.subscription_report(
                subscription=subscription, data=form.report()
            )
        except provisioning.ReportConflict as error:
            messages.error(request, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reported. The buyer sees it now."))
            return redirect("marketplace:vendor_subscription", pk=subscription.pk)
    return render(
        request,
        "marketplace/vendor/subscription_detail.html",
        {
            "vendor": vendor,
            "subscription": subscription,
            "data": provisioning.subscription_data(subscription),
            "form": form,
            "can_report": subscription.status in ("pending", "provisioning"),
        },
    )
