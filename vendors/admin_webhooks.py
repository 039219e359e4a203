"""The delivery monitor in the Wagtail admin: every vendor endpoint with its health
over 30 days (failing and disabled ones first), and the deliveries, with the
exhausted ones a filter away and replay one click further."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import ListingButton

from accounts.admin_ui import ActionEditView, ConfirmForm, ModelViewSet
from vendors.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    WebhookEndpoint,
)
from vendors.webhooks.endpoints import delivery_redeliver

HEALTH_DAYS = 30


def _per_vendor(rows, aggregate, default=None):
    """`aggregate` over the `rows` of the outer row's vendor, as a subquery."""
    value = Subquery(
        rows.filter(vendor_id=OuterRef("vendor_id"))
        .order_by()
        .values("vendor_id")
        .annotate(value=aggregate)
        .values("value")[:1]
    )
    return value if default is None else Coalesce(value, default)


def vendor_attempts(since, **condition):
    """The number of delivery attempts to the row's vendor since `since`."""
    return _per_vendor(
        DeliveryAttempt.objects.filter(started_at__gte=since, **condition),
        Count("pk"),
        default=0,
    )


def _health(endpoint) -> str:
    """Success rate and mean latency, from the listing's annotations."""
    attempts = endpoint.attempts_30d
    if not attempts:
        return str(_("no delivery"))
    return _("%(percent)s %% of %(attempts)s, %(latency)s ms") % {
        "percent": round(100 * endpoint.succeeded_30d / attempts),
        "attempts": attempts,
        "latency": round(endpoint.latency_30d or 0),
    }


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhook_endpoints"
    url_prefix = "webhooks/endpoints"
    icon = "link"
    menu_label = _("Endpoints")
    add_view_enabled = False
    copy_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    inspect_view_enabled = True
    form_fields: list[str] = []
    list_display = [
        "vendor",
        "url",
        Column(
            "state",
            label=_("State"),
            accessor=lambda e: (
                _("on")
                if e.enabled and not e.failing_since
                else _("failing since %(when)s")
                % {
                    "when": timezone.localtime(e.failing_since).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                }
                if e.enabled
                else _("off: %(reason)s") % {"reason": e.get_disabled_reason_display()}
            ),
        ),
        Column("health", label=_("Last 30 days"), accessor=_health),
        Column("exhausted_30d", label=_("Failed for good")),
    ]
    list_filter = ["enabled"]
    search_fields = ["vendor__organization__name", "url"]
    search_backend_name = None
    inspect_view_fields = [
        "vendor",
        "url",
        "enabled",
        "disabled_reason",
        "disabled_at",
        "failing_since",
        "previous_secret_until",
        "created_at",
    ]

    def listing_queryset(self):
        since = timezone.now() - timedelta(days=HEALTH_DAYS)
        return (
            WebhookEndpoint.objects.select_related("vendor__organization")
            .annotate(
                attempts_30d=vendor_attempts(since),
                succeeded_30d=vendor_attempts(since, succeeded=True),
                latency_30d=_per_vendor(
                    DeliveryAttempt.objects.filter(
                        started_at__gte=since, status_code__isnull=False
                    ),
                    Avg("latency_ms"),
                ),
                exhausted_30d=_per_vendor(
                    Delivery.objects.filter(
                        status=DeliveryStatus.FAILED, finished_at__gte=since
                    ),
                    Count("pk"),
                    default=0,
                ),
            )
            # Disabled and failing endpoints first.
            .order_by("enabled", "-failing_since", "vendor__organization__name")
        )


class ReplayForm(ConfirmForm):
    confirm = forms.BooleanField(
        label=_("Send it again"),
        help_text=_(
            "The same webhook-id and body, with a fresh timestamp and signature and "
            "a fresh retry schedule. The vendor's endpoint must be on."
        ),
    )


class DeliveryReplayView(ActionEditView):
    form_class = ReplayForm
    page_title = _("Replay")

    def save_instance(self):
        return delivery_redeliver(delivery=self.object)

    def get_success_message(self, instance=None):
        return _("%(event)s is sent again to %(vendor)s.") % {
            "event": self.object.event_type,
            "vendor": self.object.vendor,
        }


class DeliveryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            ListingButton(
                _("Replay"),
                reverse("webhook_deliveries:edit", args=[instance.pk]),
                icon_name="repeat",
                priority=10,
            )
        )
        return buttons


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    name = "webhook_deliveries"
    url_prefix = "webhooks/deliveries"
    icon = "mail"
    menu_label = _("Deliveries")
    add_view_enabled = False
    copy_view_enabled = False
    delete_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    edit_view_class = DeliveryReplayView
    form_fields: list[str] = []
    list_display = [
        "event_type",
        "vendor",
        Column("get_status_display", label=_("Status")),
        "attempt_count",
        Column(
            "last",
            label=_("Last answer"),
            accessor=lambda d: f"{d.last_status_code or ''} {d.last_error}".strip(),
        ),
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event_type", "vendor"]
    search_fields = ["webhook_id", "vendor__organization__name"]
    search_backend_name = None
    inspect_view_fields = [
        "webhook_id",
        "vendor",
        "event_type",
        "status",
        "attempt_count",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "finished_at",
        "body",
    ]

    def get_form_class(self, for_update=False):
        return ReplayForm

    def listing_queryset(self):
        return Delivery.objects.select_related("vendor__organization").defer("body")


class WebhooksViewSetGroup(ViewSetGroup):
    items = (EndpointViewSet, DeliveryViewSet)
    menu_icon = "link"
    menu_label = _("Webhooks")
    menu_name = "webhooks"
    menu_order = 320


def attention_counts() -> dict[str, int]:
    """What the curators' queue shows of webhooks."""
    since = timezone.now() - timedelta(days=HEALTH_DAYS)
    return {
        "exhausted": Delivery.objects.filter(
            status=DeliveryStatus.FAILED, finished_at__gte=since
        ).count(),
        "endpoints_off": WebhookEndpoint.objects.filter(
            Q(enabled=False) & ~Q(disabled_reason=DisabledReason.VENDOR)
        ).count(),
        "endpoints_failing": WebhookEndpoint.objects.filter(
            enabled=True, failing_since__isnull=False
        ).count(),
    }
