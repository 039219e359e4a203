"""Finance in the Wagtail admin: orders (mark invoices paid, refund card payments,
each order's history), the ledger, and the Stripe events received."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import ListingButton

from accounts.admin_ui import ActionEditView, ConfirmForm, ModelViewSet
from config.localtime import format_moment
from config.spreadsheets import SpreadsheetSafeExportMixin
from marketplace.admin_documents import DocumentViewSet
from marketplace.limits import MAX_AMOUNT
from marketplace.models import (
    LedgerEntry,
    Order,
    OrderStatus,
    PaymentMethod,
    StripeEvent,
    StripeEventOutcome,
)
from marketplace.money import Money
from marketplace.money_forms import CurrencyAmountsMixin, MajorUnitsField
from marketplace.payments.events import event_retry
from marketplace.payments.stripe import PaymentError
from marketplace.selectors.buying import order_history, paid_card_payment
from marketplace.services.orders import order_mark_paid
from marketplace.services.payments.refunds import payment_refund
from marketplace.tasks import stripe_event_task

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
        return order_mark_paid(order=self.object, user=self.request.user)

    def get_success_message(self, instance=None):
        return _("Order %(number)s is paid.") % {"number": self.object.number}


class RefundForm(CurrencyAmountsMixin, ConfirmForm):
    # In major units of the order's currency; cleaned to minor units.
    amount = MajorUnitsField(
        label=_("Amount to refund"), required=False, maximum=MAX_AMOUNT
    )
    confirm = forms.BooleanField(
        label=_("Refund through Stripe"),
        help_text=_(
            "Stripe returns the money to the card. A refund of all that is left "
            "marks the order refunded."
        ),
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, currency=instance.currency, **kwargs)
        payment = paid_card_payment(instance)
        self.left = Money(
            payment.amount - payment.refunded_amount if payment else 0,
            instance.currency,
        )
        self.fields["amount"].help_text = _(
            "In %(currency)s. Leave empty to refund all that is left: %(left)s."
        ) % {"currency": instance.currency, "left": self.left}


class OrderRefundView(ActionEditView):
    form_class = RefundForm
    page_title = _("Refund")
    permission_required = "view"

    def save_instance(self):
        try:
            payment_refund(
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
    def get_add_url(self):
        return None  # orders are placed by buyers

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


class OrderInspectView(InspectView):
    def get_history_display_value(self):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    format_moment(change.at),
                    change.subject_name,
                    change.to_status_label,
                    change.get_reason_display(),
                    change.by_name,
                )
                for change in order_history(self.object)
            ),
        )
        return format_html(
            '<table class="listing"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("When"),
            _("What"),
            _("Status"),
            _("Why"),
            _("By"),
            rows,
        )

    def get_field_label(self, field_name, field):
        if field_name == "history":
            return _("History")
        if field_name == "amount_money":
            return _("Amount, tax included")
        return super().get_field_label(field_name, field)


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
    inspect_view_class = OrderInspectView
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
        "amount_money",
        "placed_at",
        "paid_at",
        "history",
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


class LedgerIndexView(SpreadsheetSafeExportMixin, IndexView):
    pass


class LedgerViewSet(ModelViewSet):
    """The ledger: each vendor's share of every charge raised (a first order, a
    renewal, added units), and of every refund and cancelled charge (negative):
    gross before tax, the platform's commission, and the net owed."""

    model = LedgerEntry
    index_view_class = LedgerIndexView
    name = "finance_ledger"
    url_prefix = "finance/ledger"
    icon = "table"
    menu_label = _("Ledger")
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields: list[str] = []
    list_display = [
        Column("booked_at", label=_("Booked")),
        "vendor",
        Column(
            "order",
            label=pgettext_lazy("purchase", "Order"),
            accessor=lambda entry: (
                f"{entry.vendor_order.number} · {entry.order.get_kind_display()}"
            ),
        ),
        "kind",
        Column(
            "status",
            label=_("Order status"),
            accessor=lambda entry: entry.order.get_status_display(),
        ),
        Column("gross_money", label=_("Gross, before tax")),
        Column("commission_money", label=_("Commission")),
        Column("net_money", label=_("Owed to the vendor")),
    ]
    list_filter = ["vendor", "kind", "order__status", "booked_at"]
    list_export = [
        "booked_at",
        "vendor",
        "order",
        "vendor_order",
        "kind",
        "currency",
        "gross",
        "commission",
        "net",
        "reference",
    ]
    export_filename = "agora-ledger"

    def listing_queryset(self):
        return LedgerEntry.objects.select_related(
            "vendor__organization", "order", "vendor_order"
        )


class EventRetryForm(ConfirmForm):
    confirm = forms.BooleanField(
        label=_("Try this event again"),
        help_text=_(
            "Its handler runs again from the start, with all its attempts. Fix what "
            "made it fail first (see the note)."
        ),
    )


class StripeEventRetryView(ActionEditView):
    form_class = EventRetryForm
    page_title = _("Try again")
    # Finance staff hold `change_stripeevent`; curators do not.
    permission_required = "change"

    def save_instance(self):
        event_retry(self.object.pk)
        transaction.on_commit(lambda: stripe_event_task.delay(self.object.pk))
        return self.object

    def get_success_message(self, instance=None):
        return _("The event is queued to be handled again.")


class StripeEventIndexView(IndexView):
    """Events are received, never added; a row opens the event itself."""

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return reverse("finance_stripe_events:inspect", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.outcome == StripeEventOutcome.FAILED:
            buttons.append(
                ListingButton(
                    _("Try again"),
                    reverse("finance_stripe_events:edit", args=[instance.pk]),
                    icon_name="rotate",
                    priority=10,
                )
            )
        return buttons


class StripeEventViewSet(ModelViewSet):
    """Every Stripe event received: applied, not applied (and why), or failed
    after its last attempt, which finance can try again."""

    model = StripeEvent
    name = "finance_stripe_events"
    url_prefix = "finance/stripe-events"
    icon = "warning"
    menu_label = _("Stripe events")
    index_view_class = StripeEventIndexView
    edit_view_class = StripeEventRetryView
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields: list[str] = []
    list_display = [
        "received_at",
        "type",
        "event_id",
        Column("get_outcome_display", label=_("Outcome")),
        "attempts",
        "note",
    ]
    list_filter = ["outcome", "type"]
    search_fields = ["event_id", "type"]
    search_backend_name = None
    inspect_view_fields = [
        "event_id",
        "type",
        "created",
        "received_at",
        "processed_at",
        "outcome",
        "attempts",
        "next_attempt_at",
        "note",
    ]

    def get_form_class(self, for_update=False):
        return EventRetryForm


class FinanceViewSetGroup(ViewSetGroup):
    items = (OrderViewSet, DocumentViewSet, LedgerViewSet, StripeEventViewSet)
    menu_icon = "doc-full"
    menu_label = _("Finance")
    menu_name = "finance"
    menu_order = 206
