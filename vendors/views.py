"""Vendor pages of the vendors app: applying to sell, the storefront profile, and the
webhook endpoint with its delivery log. `vendor_required` guards every vendor portal
page."""

from __future__ import annotations

import json
from functools import lru_cache, wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.context_processors import SESSION_ORGANIZATION_KEY
from accounts.roles import Capability
from accounts.selectors import membership_current
from accounts.types import AuthenticatedHttpRequest
from accounts.ui import Form, add_service_errors
from config.ratelimit import RateLimited

from . import services
from .forms import VendorApplicationForm, VendorProfileForm
from .models import Delivery, DeliveryStatus, Vendor, WebhookEndpoint
from .webhooks import endpoints, selectors


@login_required
def apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Apply to sell on Agora."""
    existing = services.vendor_for_user(user=request.user)
    form = VendorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vendor = services.vendor_apply(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_ORGANIZATION_KEY] = vendor.organization_id
            messages.success(
                request,
                _(
                    "Thank you. The curators check your application; meanwhile you "
                    "can prepare your listings."
                ),
            )
            return redirect("marketplace:vendor_listings")
    return render(request, "vendors/apply.html", {"form": form, "existing": existing})


def vendor_required(view):
    """The user must act for a vendor organization; the view gets the vendor and
    the membership."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args, **kwargs):
        membership = membership_current(
            user=request.user,
            organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
        )
        vendor = (
            Vendor.objects.filter(organization_id=membership.organization_id).first()
            if membership
            else None
        )
        if membership is None or vendor is None:
            raise PermissionDenied(
                _("The vendor portal is for members of a vendor organization.")
            )
        return view(request, *args, vendor=vendor, membership=membership, **kwargs)

    return wrapper


@vendor_required
def profile(request, *, vendor, membership) -> HttpResponse:
    """The storefront's logo and "about" text: the owners change them, the other
    members read them."""
    can_edit = membership.can(Capability.MEMBERS_MANAGE)
    form = VendorProfileForm(
        request.POST or None, request.FILES or None, initial={"about": vendor.about}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only the vendor's owners change its storefront."))
        if form.is_valid():
            try:
                services.vendor_profile_update(
                    vendor=vendor,
                    user=request.user,
                    about=form.cleaned_data["about"],
                    logo=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data["remove_logo"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your storefront is updated."))
                return redirect("vendors:profile")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if vendor.logo is None:
        del form.fields["remove_logo"]
    return render(
        request,
        "vendors/profile.html",
        {"vendor": vendor, "form": form, "can_edit": can_edit},
    )


def _webhooks_allowed(membership) -> None:
    if not membership.can(Capability.WEBHOOK_MANAGE):
        raise PermissionDenied(_("Your role does not manage webhooks."))


class EndpointForm(Form):
    url = forms.URLField(
        label=gettext_lazy("Endpoint URL"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Where Agora POSTs your events: https, reachable on the public internet."
        ),
    )


EVENT_TYPES = (
    "subscription.provision",
    "subscription.update",
    "subscription.suspend",
    "subscription.resume",
    "subscription.renew",
    "subscription.cancel",
    "ping",
)


class DeliveryFilterForm(Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any")), *DeliveryStatus.choices],
    )
    event_type = forms.ChoiceField(
        label=gettext_lazy("Event"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + [(name, name) for name in EVENT_TYPES],
    )


@vendor_required
def webhooks(request, *, vendor, membership) -> HttpResponse:
    """The endpoint (URL, secret rotation, on and off, a test event), its health
    over 30 days, and the delivery log with filters."""
    _webhooks_allowed(membership)
    endpoint = WebhookEndpoint.objects.filter(vendor=vendor).first()
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    form = EndpointForm(
        request.POST if action == "save" else None,
        initial={"url": endpoint.url if endpoint else ""},
    )
    secret = None
    if action:
        try:
            if action == "save" and form.is_valid():
                endpoint, secret = endpoints.endpoint_save(
                    vendor=vendor, url=form.cleaned_data["url"]
                )
                if secret is None:
                    messages.success(request, _("The endpoint is saved."))
            elif action == "rotate" and endpoint is not None:
                endpoint, secret = endpoints.endpoint_save(
                    vendor=vendor, url=endpoint.url, rotate_secret=True
                )
            elif action in ("enable", "disable"):
                endpoint = endpoints.endpoint_set_enabled(
                    vendor=vendor, enabled=action == "enable"
                )
                messages.success(
                    request,
                    _("The endpoint is on: waiting events go out now.")
                    if action == "enable"
                    else _("The endpoint is off: events wait until you turn it on."),
                )
            elif action == "ping":
                endpoints.endpoint_ping(vendor=vendor)
                messages.success(
                    request, _("A ping is on its way; it shows in the log below.")
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            # Not verified (any more): the page says so.
            messages.error(request, str(error))
            return redirect("vendors:webhooks")
        except RateLimited as error:
            messages.error(
                request,
                ngettext(
                    "Too many test events: try again in %(minutes)s minute.",
                    "Too many test events: try again in %(minutes)s minutes.",
                    error.minutes,
                )
                % {"minutes": error.minutes},
            )
            return redirect("vendors:webhooks")
        else:
            if secret is None and not (action == "save" and form.errors):
                return redirect("vendors:webhooks")
    filters = DeliveryFilterForm(request.GET or None)
    deliveries = Delivery.objects.filter(vendor=vendor).order_by("-pk")
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            deliveries = deliveries.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["event_type"]:
            deliveries = deliveries.filter(
                event_type=filters.cleaned_data["event_type"]
            )
    page = Paginator(deliveries, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "vendors/webhooks.html",
        {
            "vendor": vendor,
            "endpoint": endpoint,
            "form": form,
            "secret": secret,
            "health": selectors.endpoint_health(vendor_id=vendor.pk)
            if endpoint
            else None,
            "filters": filters,
            "page": page,
            "query": request.GET.urlencode(),
        },
    )


@vendor_required
def delivery_detail(request, pk: int, *, vendor, membership) -> HttpResponse:
    """One delivery: its body and every attempt, with redelivery."""
    _webhooks_allowed(membership)
    delivery = get_object_or_404(Delivery, pk=pk, vendor=vendor)
    if request.method == "POST":
        try:
            endpoints.delivery_redeliver(delivery=delivery)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Sent again with the same webhook-id and a fresh signature."),
            )
        return redirect("vendors:delivery", pk=delivery.pk)
    return render(
        request,
        "vendors/delivery_detail.html",
        {
            "vendor": vendor,
            "delivery": delivery,
            "body": json.dumps(json.loads(delivery.body), indent=2, ensure_ascii=False),
            "attempts": delivery.attempts.order_by("-number"),
        },
    )


@lru_cache(maxsize=1)
def _guide(modified: float) -> str:
    import markdown
    import nh3

    text = (settings.BASE_DIR / "docs" / "vendor-integration.md").read_text()
    html = markdown.markdown(
        text, extensions=["fenced_code", "tables", "toc"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=nh3.ALLOWED_TAGS | {"pre", "code", "h1", "h2", "h3", "h4", "table"},
        attributes={
            **nh3.ALLOWED_ATTRIBUTES,
            "h2": {"id"},
            "h3": {"id"},
            "a": {"href"},
        },
    )


def integration_guide(request) -> HttpResponse:
    """The vendor integration guide (docs/vendor-integration.md), public: a vendor
    reads it before applying."""
    path = settings.BASE_DIR / "docs" / "vendor-integration.md"
    return render(
        request,
        "vendors/guide.html",
        {"guide": mark_safe(_guide(path.stat().st_mtime))},  # noqa: S308 - sanitized by nh3
    )
