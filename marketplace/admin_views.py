"""Curator actions on listings in the Wagtail admin: suspending one, and the
message after a review decision."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.views.snippets import EditView

from accounts.permissions import can
from accounts.roles import Capability
from accounts.types import AuthenticatedHttpRequest
from marketplace.models import Listing
from marketplace.services import listings as services


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The vendor sees this."),
    )


def _back(listing: Listing) -> HttpResponse:
    return redirect("wagtailsnippets_marketplace_listing:edit", listing.pk)


def listing_suspend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, Capability.CATALOG_REVIEW):
        raise PermissionDenied
    listing = get_object_or_404(Listing, pk=pk)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_suspend(
                listing=listing, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request,
                _("“%(title)s” is suspended and off the store.")
                % {"title": listing.title},
            )
            return _back(listing)
    return TemplateResponse(
        request,
        "marketplace/admin/listing_suspend.html",
        {"listing": listing, "form": form},
    )


def listing_reinstate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, Capability.CATALOG_REVIEW):
        raise PermissionDenied
    listing = get_object_or_404(Listing, pk=pk)
    if request.method == "POST":
        services.listing_reinstate(listing=listing, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is reinstated as a draft; publish it to put it back.")
            % {"title": listing.title},
        )
        return _back(listing)
    return TemplateResponse(
        request, "marketplace/admin/listing_reinstate.html", {"listing": listing}
    )


class ListingEditView(EditView):
    """The listing's editor, where curators also decide on its review: the message
    after a decision says which one was taken, not that the listing was
    "updated"."""

    def get_success_message(self, instance=None):
        if self.action != "workflow-action":
            return super().get_success_message(instance)
        listing = instance or self.object
        title = listing.title
        if self.workflow_action == "reject":
            return _(
                "Changes requested on “%(title)s”. Its vendor is told what to "
                "change and submits it again."
            ) % {"title": title}
        if self.workflow_action == "approve":
            # The approval has published it by now (the last task's approval
            # does); the object in hand is from before.
            listing = Listing.objects.get(pk=listing.pk)
            if listing.live and not listing.has_unpublished_changes:
                return _("“%(title)s” is approved and published.") % {"title": title}
            return _("“%(title)s” is approved.") % {"title": title}
        return super().get_success_message(instance)
