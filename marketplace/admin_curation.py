"""Select in the Wagtail admin: endorsements, their criteria and sales, and the
curators' dashboard panels. Every write goes through `services.curation`."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.models import WorkflowState
from wagtail.snippets.widgets import AdminSnippetChooser

from accounts.admin_ui import (
    ActionEditView,
    ConfirmForm,
    ModelViewSet,
    ServiceCreateView,
)
from marketplace.admin_choosers import SelectPlanChooserWidget
from marketplace.admin_subscriptions import attention_counts as subscription_attention
from marketplace.models import (
    Endorsement,
    EndorsementCriterion,
    Listing,
    Plan,
    Promotion,
)
from marketplace.services import curation
from vendors.admin_webhooks import attention_counts as webhook_attention
from vendors.models import Vendor, VerificationStatus

# Endorsements ------------------------------------------------------------------


class EndorsementForm(WagtailAdminModelForm):
    class Meta:
        model = Endorsement
        fields = ["listing", "criteria", "rationale", "expires_at"]
        # The listings' chooser, searchable by title: there are hundreds.
        widgets = {"listing": AdminSnippetChooser(Listing)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = Listing.objects.published()
        self.fields["listing"].error_messages["invalid_choice"] = _(
            "Only a published listing can be endorsed."
        )
        self.fields["criteria"].queryset = EndorsementCriterion.objects.filter(
            active=True
        )
        self.fields["criteria"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["criteria"].choices
        )
        if not self.is_bound:
            self.initial.setdefault("expires_at", timezone.now() + timedelta(days=365))


class EndorsementCreateView(ServiceCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return curation.endorsement_create(
            listing=data["listing"],
            user=self.request.user,
            criteria=data["criteria"],
            rationale=data["rationale"],
            expires_at=data["expires_at"],
        )


class RevokeForm(forms.ModelForm):
    class Meta:
        model = Endorsement
        fields = ["revoke_reason"]
        widgets = {"revoke_reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["revoke_reason"].required = True
        self.fields["revoke_reason"].help_text = _(
            "Revoking takes the listing out of Select now and ends its sales. "
            "Buyers no longer see the badge."
        )


class EndorsementRevokeView(ActionEditView):
    form_class = RevokeForm
    page_title = _("Revoke endorsement")

    def save_instance(self):
        return curation.endorsement_revoke(
            endorsement=self.object,
            user=self.request.user,
            reason=self.form.cleaned_data["revoke_reason"],
        )

    def get_success_message(self, instance=None):
        return _("The endorsement of “%(title)s” is revoked.") % {
            "title": self.object.listing.title
        }


class EndorsementViewSet(ModelViewSet):
    model = Endorsement
    name = "select_endorsements"
    url_prefix = "select/endorsements"
    icon = "success"
    menu_label = _("Endorsements")
    add_view_class = EndorsementCreateView
    edit_view_class = EndorsementRevokeView
    form_fields = ["listing", "criteria", "rationale", "expires_at"]
    list_display = [
        "listing",
        Column("get_status_display", label=_("Status")),
        "endorsed_at",
        "expires_at",
        "endorsed_by",
    ]
    # Searched by listing, not filtered by a list of hundreds.
    search_fields = ["listing__title", "rationale"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "listing",
        "criteria",
        "rationale",
        "endorsed_by",
        "endorsed_at",
        "expires_at",
        "reminded_at",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return RevokeForm if for_update else EndorsementForm

    def listing_queryset(self):
        return Endorsement.objects.select_related("listing", "endorsed_by")


class CriterionViewSet(ModelViewSet):
    model = EndorsementCriterion
    name = "select_criteria"
    url_prefix = "select/criteria"
    icon = "list-ul"
    menu_label = _("Endorsement criteria")
    form_fields = ["name", "description", "sort_order", "active"]
    list_display = ["name", "sort_order", "active"]
    copy_view_enabled = False


# Sales -------------------------------------------------------------------------


class PromotionForm(WagtailAdminModelForm):
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        label=_("Plan"),
        help_text=_("Plans of listings in Select: search by solution, vendor or plan."),
        widget=SelectPlanChooserWidget,
    )

    class Meta:
        model = Promotion
        fields = ["plan", "percent_off", "starts_at", "ends_at", "quantity_cap"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        endorsed = Endorsement.objects.active().values("listing_id")
        self.fields["plan"].queryset = (
            Plan.objects.filter(listing__in=endorsed, listing__live=True)
            .select_related("listing")
            .order_by("listing__title", "sort_order")
        )
        if not self.is_bound:
            self.initial.setdefault("starts_at", timezone.now())
        # The admin shows and reads times in the curator's time zone (their
        # account's, else the site's).
        zone = _("Time zone: %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = zone


class PromotionCreateView(ServiceCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return curation.promotion_create(
            plan=data["plan"],
            user=self.request.user,
            percent_off=data["percent_off"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            quantity_cap=data.get("quantity_cap"),
        )


class EndSaleForm(ConfirmForm):
    confirm = forms.BooleanField(
        label=_("End this sale now"),
        help_text=_("Buyers see the list price again at once."),
    )


class PromotionEndView(ActionEditView):
    form_class = EndSaleForm
    page_title = _("End sale")

    def save_instance(self):
        return curation.promotion_cancel(promotion=self.object, user=self.request.user)

    def get_success_message(self, instance=None):
        return _("The sale is over.")


def _promotion_status(promotion: Promotion) -> str:
    now = timezone.now()
    if promotion.cancelled_at:
        return str(_("Ended early"))
    if promotion.ends_at <= now:
        return str(_("Over"))
    if promotion.starts_at > now:
        return str(_("Upcoming"))
    return str(_("Running"))


class PromotionViewSet(ModelViewSet):
    model = Promotion
    name = "select_sales"
    url_prefix = "select/sales"
    icon = "tag"
    menu_label = _("Sales")
    add_view_class = PromotionCreateView
    edit_view_class = PromotionEndView
    form_fields = ["plan", "percent_off", "starts_at", "ends_at", "quantity_cap"]
    list_display = [
        "plan",
        "percent_off",
        "starts_at",
        "ends_at",
        Column("status", label=_("Status"), accessor=_promotion_status),
        "units_claimed",
    ]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return EndSaleForm if for_update else PromotionForm

    def listing_queryset(self):
        return Promotion.objects.select_related("plan__listing").order_by("-starts_at")


class SelectViewSetGroup(ViewSetGroup):
    items = (EndorsementViewSet, PromotionViewSet, CriterionViewSet)
    menu_icon = "success"
    menu_label = _("Select")
    menu_name = "select"
    menu_order = 205


# Dashboard ---------------------------------------------------------------------


class CuratorPanel(Component):
    """What needs the curators: the review queue, endorsements to review again,
    sales and vendors waiting for verification."""

    name = "curator_dashboard"
    order = 90
    template_name = "marketplace/admin/curator_dashboard.html"

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        within = timedelta(days=settings.ENDORSEMENT_REMINDER_DAYS)
        in_review = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type__app_label="marketplace",
            base_content_type__model="listing",
        )
        return {
            "review_count": in_review.count(),
            "review_url": reverse("wagtailadmin_reports:workflow"),
            "expiring": Endorsement.objects.expiring(within, now)
            .select_related("listing")
            .order_by("expires_at")[:10],
            "expiring_days": settings.ENDORSEMENT_REMINDER_DAYS,
            "running": Promotion.objects.running(now)
            .select_related("plan__listing")
            .order_by("ends_at")[:10],
            "upcoming": Promotion.objects.upcoming(now)
            .select_related("plan__listing")
            .order_by("starts_at")[:10],
            "vendors_waiting": Vendor.objects.filter(
                status=VerificationStatus.APPLIED
            ).select_related("organization")[:10],
            "vendors_waiting_count": Vendor.objects.filter(
                status=VerificationStatus.APPLIED
            ).count(),
        }


class ProvisioningPanel(Component):
    """Provisioning that is stuck: subscriptions whose vendor cannot be reached,
    deliveries that failed for good, endpoints off or failing, cancellations asked
    for."""

    name = "provisioning_dashboard"
    order = 95
    template_name = "marketplace/admin/provisioning_dashboard.html"

    def get_context_data(self, parent_context=None):
        return {
            "provisioning_heading": pgettext_lazy("dashboard heading", "Provisioning"),
            "provisioning": {**subscription_attention(), **webhook_attention()},
        }
