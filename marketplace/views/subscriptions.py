"""The buyer's subscriptions: their status, access details once active, their
billing and charges, automatic renewal on or off, and a request to cancel."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.ui import Form, error_text
from config.api.exceptions import Conflict
from marketplace.selectors.billing import subscription_charges
from marketplace.services import access as access_services
from marketplace.services import subscriptions
from marketplace.services.subscriptions import BILLING_MONTHS
from marketplace.views.buying import buyer_required


class CancelRequestForm(Form):
    note = forms.CharField(
        label=gettext_lazy("Why, and from when"),
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
    access = access_services.subscription_access_open(
        membership=membership, subscription=subscription
    )
    return _detail(request, membership, subscription, form=form, access=access)


@require_POST
@buyer_required
def subscription_access_reveal(request, pk: int, *, membership) -> HttpResponse:
    """Show the masked initial password, once more, to this member (recorded).
    Answered with the page itself, never stored in a redirect or a cache."""
    subscription = get_object_or_404(_subscriptions(membership), pk=pk)
    try:
        access = access_services.subscription_access_reveal(
            membership=membership, subscription=subscription
        )
    except (PermissionDenied, Conflict) as error:
        messages.error(request, error_text(error))
        return redirect("marketplace:subscription", pk=subscription.pk)
    return _detail(
        request, membership, subscription, form=CancelRequestForm(), access=access
    )


def _detail(request, membership, subscription, *, form, access) -> HttpResponse:
    ended = subscription.status in ("cancelled", "failed")
    response = render(
        request,
        "marketplace/buying/subscription_detail.html",
        {
            "subscription": subscription,
            "line": subscription.order_line.quote_line,
            "access": access.details if access else None,
            "access_state": access,
            "form": form,
            "can_request": membership.can(Capability.ORDER_PLACE)
            and not ended
            and subscription.cancellation_requested_at is None,
            "recurring": subscription.billing in BILLING_MONTHS,
            "charges": subscription_charges(subscription),
            "can_change_renewal": membership.can(Capability.ORDER_PLACE)
            and not ended
            and subscription.billing in BILLING_MONTHS,
            # Where it ends at its term's end: until when the vendor keeps its data.
            "retention_until": subscription.term_end
            + timedelta(days=settings.SUBSCRIPTION_DATA_RETENTION_DAYS)
            if subscription.term_end
            else None,
        },
    )
    if access is not None and access.password_shown:
        # A page with a password in it stays out of every cache.
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@buyer_required
def subscription_auto_renew(request, pk: int, *, membership) -> HttpResponse:
    """Turn automatic renewal on (`auto_renew=on`) or off."""
    subscription = get_object_or_404(_subscriptions(membership), pk=pk)
    auto_renew = request.POST.get("auto_renew") == "on"
    try:
        subscriptions.subscription_auto_renew_set(
            membership=membership, subscription=subscription, auto_renew=auto_renew
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("It renews automatically at the end of its term.")
            if auto_renew
            else _(
                "It ends at the end of its term; the vendor keeps your data "
                "for a while after, for you to export."
            ),
        )
    return redirect("marketplace:subscription", pk=subscription.pk)
