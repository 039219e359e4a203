"""API v1 shapes of buying: packages (their summaries), quotes and orders, as the
buyer views take and answer them. Amounts are `{amount, currency}` in minor units."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.api.phase_serializers import CostsSerializer, PackagePhaseSerializer
from marketplace.api.serializers import MoneyField, MoneySerializer, VendorRefSerializer
from marketplace.limits import BIGINT_MAX, MAX_AMOUNT, MAX_PHASE, MAX_QUANTITY
from marketplace.models import (
    Decision,
    Document,
    DocumentKind,
    Order,
    OrderKind,
    Payment,
    PaymentMethod,
    Quote,
    QuoteLine,
    StatusChange,
)
from marketplace.money import Money, percent_of_basis_points
from marketplace.selectors.buying import order_history
from marketplace.selectors.packages import PackageSummary, PricedLine
from marketplace.selectors.phases import PhaseState, package_phases, quote_phase_states
from marketplace.services.pricing import (
    ChargedPrice,
    charged_quote_line,
    charged_unit_price,
)

# Input ----------------------------------------------------------------------------


class PackageCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    budget = serializers.IntegerField(
        min_value=0,
        max_value=MAX_AMOUNT,
        required=False,
        allow_null=True,
        help_text="Minor units.",
    )


class LineCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(
        min_value=1,
        max_value=BIGINT_MAX,
        help_text="A plan id from a listing's detail.",
    )
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    phase = serializers.IntegerField(min_value=1, max_value=MAX_PHASE, default=1)
    site = serializers.CharField(max_length=120, required=False, allow_blank=True)
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


class OrderCreateSerializer(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=PaymentMethod.values)
    purchase_order = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="The buyer's purchase order number, printed on the invoice; "
        "required where the organization says so.",
    )


class ReleaseSerializer(OrderCreateSerializer):
    """An order's payment method and purchase order number, and the phase it
    releases."""

    phase = serializers.IntegerField(min_value=1, max_value=MAX_PHASE)


# Packages: a PackageSummary. Its amounts are in the package's currency, which the
# package passes to its lines and totals in their context.


class PackageListingSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    vendor = serializers.SlugField(source="vendor.organization.slug")


class PackagePlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    billing = serializers.CharField()


class PriceReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["volume", "sale"])
    min_quantity = serializers.IntegerField(help_text="A volume price: from how many.")
    percent_off = serializers.IntegerField(help_text="A sale: its percentage.")
    label = serializers.CharField(help_text="In the language of the request.")


class PricePartSerializer(serializers.Serializer):
    quantity = serializers.IntegerField()
    unit_price = MoneyField(currency=None)


class ChargedPriceSerializer(serializers.Serializer):
    """A line as its pages show it: the unit price charged, the plan's list price
    and why they differ, and the units at each price (two parts when a sale covers
    only some units); the parts' quantity times unit price add up to `subtotal`."""

    unit_price = MoneyField()
    list_price = MoneyField()
    reasons = PriceReasonSerializer(many=True)
    parts = serializers.SerializerMethodField()

    @extend_schema_field(PricePartSerializer(many=True))
    def get_parts(self, charged: ChargedPrice) -> list[dict]:
        return PricePartSerializer(
            charged.parts, many=True, context={"currency": charged.currency}
        ).data


class PackageLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="line.pk")
    listing = PackageListingSerializer(source="line.plan.listing")
    plan = PackagePlanSerializer(source="line.plan")
    quantity = serializers.IntegerField(source="line.quantity")
    phase = serializers.IntegerField(source="line.phase")
    site = serializers.CharField(source="line.site")
    note = serializers.CharField(source="line.note")
    unit_price = MoneyField(source="price.list_unit_price", currency=None)
    sale_unit_price = serializers.SerializerMethodField()
    subtotal = MoneyField(source="price.subtotal", currency=None)
    setup_fee = MoneyField(source="price.setup_fee", currency=None)

    charged = serializers.SerializerMethodField()

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_sale_unit_price(self, item: PricedLine) -> dict | None:
        if not item.price.sale_units:
            return None
        return Money(item.price.sale_unit_price, self.context["currency"]).as_dict()

    @extend_schema_field(ChargedPriceSerializer)
    def get_charged(self, item: PricedLine) -> dict:
        return ChargedPriceSerializer(
            charged_unit_price(item.price, item.line.plan)
        ).data


class PhaseTotalsSerializer(serializers.Serializer):
    phase = serializers.IntegerField()
    one_time = MoneyField(currency=None)
    monthly = MoneyField(currency=None)
    annual = MoneyField(currency=None)
    first_year = MoneyField(currency=None)


class PackageTotalsSerializer(serializers.Serializer):
    phases = PhaseTotalsSerializer(many=True)
    one_time = MoneyField(currency=None)
    monthly = MoneyField(currency=None)
    annual = MoneyField(currency=None)
    first_year = MoneyField(currency=None)
    contract_term = MoneyField(source="term_total", currency=None)
    discount = MoneyField(currency=None)
    budget_left = MoneyField(currency=None, allow_null=True)


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    line = serializers.IntegerField(source="line_id", allow_null=True)


class PackageSerializer(serializers.Serializer):
    """A package with its lines, totals and warnings."""

    id = serializers.IntegerField(source="package.pk")
    name = serializers.CharField(source="package.name")
    currency = serializers.CharField()
    budget = MoneyField(source="package.budget", allow_null=True)
    lines = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()
    warnings = WarningSerializer(many=True)
    phases = serializers.SerializerMethodField(
        help_text="Its phases in order, each with its lines and totals."
    )
    costs = serializers.SerializerMethodField(
        help_text="What it costs per fiscal year and over three and five years."
    )

    @extend_schema_field(PackageLineSerializer(many=True))
    def get_lines(self, summary: PackageSummary) -> list:
        context = {"currency": summary.currency}
        return PackageLineSerializer(summary.lines, many=True, context=context).data

    @extend_schema_field(PackageTotalsSerializer)
    def get_totals(self, summary: PackageSummary) -> dict:
        context = {"currency": summary.currency}
        return PackageTotalsSerializer(summary, context=context).data

    @extend_schema_field(PackagePhaseSerializer(many=True))
    def get_phases(self, summary: PackageSummary) -> list:
        context = {"currency": summary.currency}
        return PackagePhaseSerializer(
            package_phases(summary), many=True, context=context
        ).data

    @extend_schema_field(CostsSerializer)
    def get_costs(self, summary: PackageSummary) -> dict:
        context = {"currency": summary.currency}
        return CostsSerializer(summary.costs, context=context).data


# Quotes ---------------------------------------------------------------------------


class QuoteLineSerializer(serializers.Serializer):
    listing_title = serializers.CharField()
    vendor_name = serializers.CharField()
    plan_code = serializers.CharField()
    plan_name = serializers.CharField()
    billing = serializers.CharField()
    quantity = serializers.IntegerField()
    phase = serializers.IntegerField()
    site = serializers.CharField()
    unit_price = MoneyField(source="list_unit_price", currency="quote.currency")
    sale_unit_price = serializers.SerializerMethodField()
    sale_units = serializers.IntegerField()
    setup_fee = MoneyField(currency="quote.currency")
    subtotal = MoneyField(currency="quote.currency")

    charged = serializers.SerializerMethodField()

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_sale_unit_price(self, line: QuoteLine) -> dict | None:
        if not line.sale_units:
            return None
        return Money(line.sale_unit_price, line.quote.currency).as_dict()

    @extend_schema_field(ChargedPriceSerializer)
    def get_charged(self, line: QuoteLine) -> dict:
        return ChargedPriceSerializer(
            charged_quote_line(line, line.quote.currency)
        ).data


class QuotePhaseSerializer(serializers.Serializer):
    """A phase of a quote (a `QuotePhaseState`): what the quote froze of it, and
    whether it was released."""

    number = serializers.IntegerField()
    name = serializers.CharField(source="phase.name")
    planned_start = serializers.DateField(source="phase.planned_start", allow_null=True)
    price_hold_until = serializers.DateTimeField(
        source="phase.price_hold_until",
        help_text="The phase is released at these prices until then.",
    )
    one_time = MoneyField(source="phase.one_time", currency="phase.quote.currency")
    monthly = MoneyField(
        source="phase.recurring_monthly", currency="phase.quote.currency"
    )
    annual = MoneyField(
        source="phase.recurring_annual", currency="phase.quote.currency"
    )
    tax = MoneyField(source="phase.tax", currency="phase.quote.currency")
    first_charge = MoneyField(
        source="phase.first_charge",
        currency="phase.quote.currency",
        help_text="What releasing the phase charges.",
    )
    state = serializers.ChoiceField(
        choices=list(PhaseState.LABELS),
        help_text="`not_released`, `lapsed` (its price hold passed: quote again), "
        "`ordered`, `paid`, `provisioned`, `cancelled` or `refunded`.",
    )
    order = serializers.IntegerField(
        source="order.pk",
        allow_null=True,
        help_text="The order that released it (possibly under another quote of the "
        "package).",
    )


class QuoteDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.values)
    by = serializers.EmailField(source="by.email", allow_null=True)
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class QuoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    package = serializers.IntegerField(source="package_id", allow_null=True)
    currency = serializers.CharField()
    lines = QuoteLineSerializer(source="lines.all", many=True)
    one_time = MoneyField()
    monthly = MoneyField(source="recurring_monthly")
    annual = MoneyField(source="recurring_annual")
    discount = MoneyField()
    first_year = MoneyField()
    tax_rate = serializers.SerializerMethodField(help_text='Percent, e.g. "6.00".')
    tax = MoneyField()
    first_charge = MoneyField()
    created_at = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    requested_by = serializers.EmailField(source="requested_by.email", allow_null=True)
    approved_by = serializers.EmailField(source="approved_by.email", allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    approvals_needed = serializers.IntegerField(
        help_text="2 where the organization asks for a second approver above an "
        "amount and this quote is above it."
    )
    history = QuoteDecisionSerializer(
        source="decisions.all",
        many=True,
        help_text="Who asked for the quote and who decided what, oldest first.",
    )
    phases = serializers.SerializerMethodField()

    @extend_schema_field(QuotePhaseSerializer(many=True))
    def get_phases(self, quote: Quote) -> list:
        # A list reckons every quote's phases at once (`quotes_phase_states`).
        states = self.context.get("phase_states")
        phases = states[quote.pk] if states is not None else quote_phase_states(quote)
        return QuotePhaseSerializer(phases, many=True).data

    def get_tax_rate(self, quote: Quote) -> str:
        # Basis points, as a percentage with two decimals.
        return percent_of_basis_points(quote.tax_rate)


# Orders ---------------------------------------------------------------------------


class VendorOrderLineSerializer(serializers.Serializer):
    listing_title = serializers.CharField(source="quote_line.listing_title")
    plan_code = serializers.CharField(source="quote_line.plan_code")
    quantity = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=OrderKind.values)
    amount = MoneyField(currency="vendor_order.currency", help_text="Before tax.")
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)


class VendorOrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    vendor = VendorRefSerializer()
    amount = MoneyField(source="gross", help_text="Before tax.")
    lines = VendorOrderLineSerializer(source="lines.all", many=True)


class PaymentSerializer(serializers.Serializer):
    provider = serializers.CharField()
    status = serializers.CharField()
    client_secret = serializers.SerializerMethodField()
    payment_intent_id = serializers.CharField(allow_null=True)
    publishable_key = serializers.SerializerMethodField()

    def get_client_secret(self, payment: Payment) -> str | None:
        return payment.client_secret or None

    def get_publishable_key(self, payment: Payment) -> str | None:
        """What Stripe.js needs to confirm a card payment."""
        if payment.provider != "stripe":
            return None
        return settings.STRIPE_PUBLISHABLE_KEY


class StatusChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    subject = serializers.ChoiceField(
        choices=["quote", "order", "payment"], help_text="What changed."
    )
    number = serializers.SerializerMethodField(
        help_text="The quote's or the order's number, or the payment's id."
    )
    from_status = serializers.CharField(help_text="Empty when the record was made.")
    to_status = serializers.CharField()
    reason = serializers.CharField(help_text="Why, as a code (`order_paid`, …).")
    reason_label = serializers.CharField(
        source="get_reason_display", help_text="Why, in the reader's language."
    )
    note = serializers.CharField()
    by = serializers.CharField(
        source="by_name", help_text="Who: a person, or the platform on its own."
    )

    def get_number(self, change: StatusChange) -> str:
        if change.payment_id:
            return str(change.payment_id)
        return getattr(change.quote or change.order, "number", "")


class DocumentRefSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.values)
    number = serializers.CharField(help_text="`INV-2025-000001`, `RCT-…`, `CRN-…`.")
    url = serializers.SerializerMethodField(help_text="The PDF, as it was issued.")

    def get_url(self, document: Document) -> str:
        path = reverse("api:document-pdf", args=[document.number])
        request = self.context.get("request")
        if request is not None:
            return request.build_absolute_uri(path)
        return settings.SITE_URL.rstrip("/") + path


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    quote = serializers.CharField(source="quote.number")
    phase = serializers.IntegerField(
        help_text="The quote's phase it releases or bills."
    )
    kind = serializers.ChoiceField(
        choices=OrderKind.values,
        help_text="`initial`: a phase released; `renewal`: a billing period of its "
        "subscriptions; `proration`: units added during a period.",
    )
    purchase_order = serializers.CharField()
    due_on = serializers.DateField(
        allow_null=True, help_text="An order paid by invoice is due then."
    )
    amount = MoneySerializer(source="amount_money")
    placed_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    vendor_orders = VendorOrderSerializer(source="vendor_orders.all", many=True)
    payment = serializers.SerializerMethodField()
    documents = DocumentRefSerializer(
        source="documents.all",
        many=True,
        help_text="Its invoice, receipts and credit notes, in the order issued.",
    )
    history = serializers.SerializerMethodField(
        help_text="Every status change of the order, its payments and its quote, "
        "oldest first."
    )

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_history(self, order: Order) -> list:
        # A list reads every order's history at once (`orders_history`).
        histories = self.context.get("histories")
        changes = histories[order.pk] if histories is not None else order_history(order)
        return StatusChangeSerializer(changes, many=True).data

    @extend_schema_field(PaymentSerializer(allow_null=True))
    def get_payment(self, order: Order) -> dict | None:
        """The order's current payment: its latest attempt."""
        payment = max(order.payments.all(), key=lambda item: item.pk, default=None)
        return PaymentSerializer(payment).data if payment else None
