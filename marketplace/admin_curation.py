"""Select in the Wagtail admin: endorsements, their criteria and sales, and the
curators' dashboard panels. Every write goes through `services.curation`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.models import WorkflowState

from accounts.admin_ui import (
    ActionEditView,
    ConfirmForm,
    ModelViewSet,
    ServiceCreateView,
)
from marketplace.admin_subscriptions import attention_counts as subscription_attention
from marketplace.models import (
    Endorsement,
    EndorsementCriterion,
    Listing,
    Order,
    OrderStatus,
    PaymentMethod,
    Plan,
    Promotion,
    VendorOrder,
)
from marketplace.money import MINOR_UNIT_DIGITS, Money, minor_units
from marketplace.services import curation
from vendors.admin_webhooks import attention_counts as webhook_attention
from vendors.models import Vendor, VerificationStatus

# Endorsements ------------------------------------------------------------------


class EndorsementForm(WagtailAdminModelForm):
    class Meta:
        model = Endorsement
        fields = ["listing", "criteria", "rationale", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = Listing.objects.published().order_by("title")
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
    list_filter = ["listing"]
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


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.listing.title} — {obj.name} ({obj.code})"


class PromotionForm(WagtailAdminModelForm):
    plan = PlanChoiceField(
        queryset=Plan.objects.none(),
        label=_("Plan"),
        help_text=_("Plans of listings in Select."),
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
        help_text=_("Buyers see the normal price again at once."),
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


# Finance -----------------------------------------------------------------------


class MarkPaidForm(ConfirmForm):
    confirm = forms.BooleanField(
        label=_("The payment has arrived"),
        help_text=_(
            "Records the invoice or purchase order as paid: the order is paid and "
            "the vendors are asked to provision it."
        ),
    )


class OrderMarkPaidView(ActionEditView):
    form_class = MarkPaidForm
    page_title = _("Mark paid")
    permission_required = "view"

    def save_instance(self):
        from marketplace.services.orders import order_mark_paid

        return order_mark_paid(order=self.object, user=self.request.user)

    def get_success_message(self, instance=None):
        return _("Order %(number)s is paid.") % {"number": self.object.number}


class RefundForm(ConfirmForm):
    amount = forms.DecimalField(
        label=_("Amount to refund"),
        required=False,
        min_value=Decimal("0"),
    )
    confirm = forms.BooleanField(
        label=_("Refund through Stripe"),
        help_text=_(
            "Stripe returns the money to the card. A refund of all that is left "
            "marks the order refunded."
        ),
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        payment = instance.payments.filter(
            provider="stripe", status="succeeded"
        ).first()
        self.currency = instance.currency
        self.left = Money(
            payment.amount - payment.refunded_amount if payment else 0,
            instance.currency,
        )
        self.fields["amount"].help_text = _(
            "In %(currency)s. Leave empty to refund all that is left: %(left)s."
        ) % {"currency": instance.currency, "left": self.left}

    def clean_amount(self) -> int | None:
        amount = self.cleaned_data["amount"]
        if amount is None:
            return None
        digits = MINOR_UNIT_DIGITS.get(self.currency, 2)
        if amount != round(amount, digits):
            raise ValidationError(
                _("%(currency)s amounts have at most %(digits)s decimals.")
                % {"currency": self.currency, "digits": digits}
            )
        return minor_units(amount, self.currency)


class OrderRefundView(ActionEditView):
    form_class = RefundForm
    page_title = _("Refund")
    permission_required = "view"

    def save_instance(self):
        from marketplace.payments.stripe import PaymentError
        from marketplace.services.orders import order_refund

        try:
            order_refund(
                order=self.object,
                user=self.request.user,
                amount=self.form.cleaned_data["amount"],
            )
        except PaymentError as error:
            raise ValidationError(str(error)) from error
        return self.object

    def get_edit_url(self):
        return reverse("finance_orders:refund", args=[self.object.pk])

    def get_success_message(self, instance=None):
        return _("The refund of order %(number)s is sent to Stripe.") % {
            "number": self.object.number
        }


class OrderIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == OrderStatus.PENDING_PAYMENT and (
            instance.payment_method == PaymentMethod.INVOICE
        ):
            buttons.append(
                ListingButton(
                    _("Mark paid"),
                    reverse("finance_orders:edit", args=[instance.pk]),
                    icon_name="success",
                    priority=10,
                )
            )
        if instance.status == OrderStatus.PAID and (
            instance.payment_method == PaymentMethod.CARD
        ):
            buttons.append(
                ListingButton(
                    _("Refund"),
                    reverse("finance_orders:refund", args=[instance.pk]),
                    icon_name="undo",
                    priority=20,
                )
            )
        return buttons


class OrderViewSet(ModelViewSet):
    model = Order
    name = "finance_orders"
    url_prefix = "finance/orders"
    icon = "doc-full"
    menu_label = _("Orders")
    index_view_class = OrderIndexView
    edit_view_class = OrderMarkPaidView
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields: list[str] = []
    list_display = [
        "number",
        "organization",
        Column("get_status_display", label=_("Status")),
        Column("get_payment_method_display", label=_("Payment")),
        Column("amount_money", label=_("Amount")),
        Column(
            "refunded",
            label=_("Refunded"),
            accessor=lambda order: (
                Money(order.refunded or 0, order.currency) if order.refunded else ""
            ),
        ),
        "placed_at",
    ]
    list_filter = ["status", "payment_method"]
    search_fields = ["number", "organization__name"]
    search_backend_name = None
    inspect_view_fields = [
        "number",
        "organization",
        "quote",
        "status",
        "payment_method",
        "amount",
        "currency",
        "placed_at",
        "paid_at",
    ]

    def get_form_class(self, for_update=False):
        return MarkPaidForm

    def listing_queryset(self):
        return Order.objects.select_related("organization").annotate(
            refunded=Sum("payments__refunded_amount")
        )

    def get_urlpatterns(self):
        from django.urls import path

        return [
            *super().get_urlpatterns(),
            path(
                "refund/<str:pk>/",
                self.construct_view(
                    OrderRefundView,
                    **self.get_edit_view_kwargs(form_class=RefundForm),
                ),
                name="refund",
            ),
        ]


class LedgerViewSet(ModelViewSet):
    """What each vendor is owed per order: gross, the platform's commission, net."""

    model = VendorOrder
    name = "finance_ledger"
    url_prefix = "finance/ledger"
    icon = "table"
    menu_label = _("Ledger")
    add_view_enabled = False
    copy_view_enabled = False
    form_fields: list[str] = []
    list_display = [
        "number",
        "vendor",
        Column(
            "status",
            label=_("Order"),
            accessor=lambda vo: vo.order.get_status_display(),
        ),
        "currency",
        "gross",
        "commission",
        "net",
    ]
    list_filter = ["vendor", "order__status"]
    list_export = [
        "number",
        "vendor",
        "currency",
        "gross",
        "commission_rate",
        "commission",
        "net",
    ]
    export_filename = "agora-ledger"

    def listing_queryset(self):
        return VendorOrder.objects.select_related("vendor__organization", "order")


class FinanceViewSetGroup(ViewSetGroup):
    items = (OrderViewSet, LedgerViewSet)
    menu_icon = "doc-full"
    menu_label = _("Finance")
    menu_name = "finance"
    menu_order = 206
