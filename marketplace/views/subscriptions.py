"""The buyer's subscriptions: their status, access details once active, and a
request to cancel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Capability
from accounts.ui import Form, error_text
from marketplace.authorization import access_shown
from marketplace.services import subscriptions
from marketplace.views.buying import buyer_required


class CancelRequestForm(Form):
    note = forms.CharField(
        label=gettext_lazy("Why, and from when (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _subscriptions(membership):
    from marketplace.selectors.buying import buyer_subscriptions

    return buyer_subscriptions(membership).select_related(
        "order_line__quote_line__listing"
    )


@buyer_required
def subscription_list(request, *, membership) -> HttpResponse:
    return render(
        request,
        "marketplace/buying/subscription_list.html",
        {"subscriptions": _subscriptions(membership)[:500]},
    )


@buyer_required
def subscription_detail(request, pk: int, *, membership) -> HttpResponse:
    subscription = get_object_or_404(_subscriptions(membership), pk=pk)
    form = CancelRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscription_cancel_request(
                membership=membership,
                subscription=subscription,
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("Your request is sent; platform staff end the subscription."),
            )
        return redirect("marketplace:subscription", pk=subscription.pk)
    shows_access = access_shown(subscription, membership)
    return render(
        request,
        "marketplace/buying/subscription_detail.html",
        {
            "subscription": subscription,
            "line": subscription.order_line.quote_line,
            "access": subscription.access if shows_access else None,
            "form": form,
            "can_request": membership.can(Capability.ORDER_PLACE)
            and subscription.status not in ("cancelled", "failed")
            and subscription.cancellation_requested_at is None,
        },
    )
