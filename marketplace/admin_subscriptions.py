"""Subscriptions in the Wagtail admin: platform staff (curators, finance) suspend,
resume, renew and cancel them; each change reaches the vendor as its event."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import ListingButton

from accounts.admin_ui import ActionEditView, ConfirmForm, ModelViewSet
from marketplace.limits import MAX_QUANTITY
from marketplace.models import Subscription, SubscriptionStatus
from marketplace.models.subscriptions import IN_FORCE
from marketplace.services import subscriptions

ACTIONS = {
    "suspend": (pgettext_lazy("subscription", "Suspend"), {SubscriptionStatus.ACTIVE}),
    "resume": (_("Resume"), {SubscriptionStatus.SUSPENDED}),
    "update": (
        _("Change the quantity"),
        IN_FORCE,
    ),
    "renew": (
        _("Renew (extend the term)"),
        IN_FORCE,
    ),
    "cancel": (
        _("Cancel"),
        {SubscriptionStatus.PENDING, SubscriptionStatus.PROVISIONING, *IN_FORCE},
    ),
}


def actions_for(subscription: Subscription) -> list[tuple[str, str]]:
    return [
        (name, str(label))
        for name, (label, statuses) in ACTIONS.items()
        if subscription.status in statuses
    ]


class SubscriptionActionForm(ConfirmForm):
    action = forms.ChoiceField(
        label=pgettext_lazy("subscription", "Change"), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (for a suspension)"),
        required=False,
        max_length=300,
        help_text=_("Non-payment, a policy violation …; the vendor reads it."),
    )
    quantity = forms.IntegerField(
        label=_("Units (for a quantity change)"),
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
    )
    term_end = forms.DateField(
        label=_("New end of the term (for a renewal)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    data_retention_until = forms.DateField(
        label=_("Keep the buyer's data until (for a cancellation)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the default retention period from today."),
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["action"].choices = actions_for(instance) if instance else []
        if instance is not None:
            self.fields["quantity"].initial = instance.quantity
        if instance is not None and instance.term_end:
            # A year more, by default.
            self.fields["term_end"].initial = subscriptions.add_months(
                instance.term_end, 12
            )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "suspend" and not data.get("reason"):
            self.add_error("reason", _("Say why it is suspended."))
        if action == "update" and not data.get("quantity"):
            self.add_error("quantity", _("Give the new number of units."))
        if action == "renew" and not data.get("term_end"):
            self.add_error("term_end", _("Give the new end of the term."))
        return data


class SubscriptionActionView(ActionEditView):
    form_class = SubscriptionActionForm
    page_title = _("Change subscription")

    def save_instance(self):
        data = self.form.cleaned_data
        user = self.request.user
        subscription = self.object
        action = data["action"]
        if action == "suspend":
            return subscriptions.subscription_suspend(
                user=user, subscription=subscription, reason=data["reason"]
            )
        if action == "resume":
            return subscriptions.subscription_resume(
                user=user, subscription=subscription
            )
        if action == "update":
            return subscriptions.subscription_update(
                user=user, subscription=subscription, quantity=data["quantity"]
            )
        if action == "renew":
            return subscriptions.subscription_renew(
                user=user, subscription=subscription, term_end=data["term_end"]
            )
        if action == "cancel":
            return subscriptions.subscription_cancel(
                user=user,
                subscription=subscription,
                data_retention_until=data["data_retention_until"],
            )
        raise ValidationError(_("Choose a change."))

    def get_success_message(self, instance=None):
        return _("The subscription is %(status)s; the vendor is told.") % {
            "status": (instance or self.object).get_status_display().lower()
        }


class SubscriptionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if actions_for(instance):
            buttons.append(
                ListingButton(
                    pgettext_lazy("subscription", "Change"),
                    reverse("subscriptions:edit", args=[instance.pk]),
                    icon_name="edit",
                    priority=10,
                )
            )
        return buttons


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    name = "subscriptions"
    url_prefix = "subscriptions"
    icon = "key"
    menu_label = _("Subscriptions")
    menu_order = 310
    add_to_admin_menu = True
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubscriptionIndexView
    edit_view_class = SubscriptionActionView
    form_fields: list[str] = []
    list_display = [
        "title",
        "organization",
        "vendor",
        Column("get_status_display", label=_("Status")),
        Column(
            "attention",
            label=_("Needs attention"),
            accessor=lambda s: ", ".join(
                str(flag)
                for flag in (
                    _("provisioning delayed") if s.provisioning_delayed else "",
                    _("cancellation requested")
                    if s.cancellation_requested_at and s.status != "cancelled"
                    else "",
                )
                if flag
            ),
        ),
        "term_end",
    ]
    list_filter = ["status", "vendor"]
    search_fields = ["organization__name", "order_line__quote_line__listing_title"]
    search_backend_name = None
    inspect_view_fields = [
        "organization",
        "vendor",
        "status",
        "term_start",
        "term_end",
        "instance_id",
        "activated_at",
        "failure_reason",
        "refunded",
        "delayed_since",
        "suspended_at",
        "suspension_reason",
        "cancellation_requested_at",
        "cancellation_note",
        "cancelled_at",
        "data_retention_until",
    ]

    def get_form_class(self, for_update=False):
        return SubscriptionActionForm

    def listing_queryset(self):
        return Subscription.objects.select_related(
            "organization",
            "vendor__organization",
            "order_line__quote_line",
        ).order_by("-created_at")


def attention_counts() -> dict[str, int]:
    """What the curators' queue shows of subscriptions."""
    now = timezone.now()
    open_statuses = (SubscriptionStatus.PENDING, SubscriptionStatus.PROVISIONING)
    return {
        "delayed": Subscription.objects.filter(
            delayed_since__lte=now, status__in=open_statuses
        ).count(),
        "cancellations": Subscription.objects.filter(
            cancellation_requested_at__isnull=False
        )
        .exclude(status__in=(SubscriptionStatus.CANCELLED, SubscriptionStatus.FAILED))
        .count(),
    }
