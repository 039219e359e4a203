"""The buyer's quotes and orders: approval, ordering, the documents for the
procurement file, card payment, cancellation and each order's history."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.ui import error_text
from marketplace import exports
from marketplace.authorization import permits, quote_may_approve
from marketplace.models import (
    Decision,
    Order,
    OrderStatus,
    PaymentStatus,
    Quote,
    QuoteDecision,
    QuotePhase,
    QuoteStatus,
)
from marketplace.models.payments import card_failure_texts
from marketplace.money import percent_of_basis_points
from marketplace.payments.stripe import PaymentError
from marketplace.payments.stripe import js_url as stripe_js_url
from marketplace.selectors.buying import order_history, payments_unneeded
from marketplace.selectors.phases import quote_phase_states
from marketplace.services import orders as order_services
from marketplace.services.payments import attempts as payment_attempts
from marketplace.services.payments import cards as card_payments
from marketplace.views.buying import buyer_required, refused

# The comment of a refused approval decision, shown again in the quote's form.
COMMENT_KEPT = "agora_decision_comment"

UNREACHABLE = gettext_lazy("The payment provider cannot be reached; try again shortly.")


def owned_quote(membership, pk: int) -> Quote:
    return get_object_or_404(
        Quote.objects.select_related("requested_by", "approved_by").prefetch_related(
            Prefetch("decisions", QuoteDecision.objects.select_related("by"))
        ),
        pk=pk,
        organization=membership.organization,
    )


@buyer_required
def quote_detail(request, pk: int, *, membership) -> HttpResponse:
    quote = owned_quote(membership, pk)
    order = Order.objects.filter(quote=quote).first()
    approvals = [
        decision
        for decision in quote.decisions.all()
        if decision.decision == Decision.APPROVED
    ]
    may_approve = (
        quote.status == QuoteStatus.PENDING
        and permits(quote_may_approve, membership, quote)
        and all(decision.by_id != membership.user_id for decision in approvals)
    )
    # The whole programme, phase by phase, and what each can do next.
    phases = quote_phase_states(quote)
    return render(
        request,
        "marketplace/buying/quote_detail.html",
        {
            "quote": quote,
            "order": order,
            "lines": quote.lines.select_related("plan", "promotion"),
            "phases": phases,
            "may_approve": may_approve and not quote.is_expired(),
            "may_decide": may_approve,
            "decision_comment": request.session.pop(COMMENT_KEPT, ""),
            "approvals": approvals,
            "history": quote.decisions.all(),
            "may_release": membership.can(Capability.ORDER_PLACE),
            "purchase_order_required": membership.organization.purchase_order_required,
            "expired": quote.is_expired()
            and not any(phase.releasable or phase.order for phase in phases),
            "tax_percent": percent_of_basis_points(quote.tax_rate),
        },
    )


@require_POST
@buyer_required
def quote_order(request, pk: int, *, membership) -> HttpResponse:
    quote = owned_quote(membership, pk)
    try:
        order = order_services.order_place(
            membership=membership,
            quote=quote,
            payment_method=request.POST.get("payment_method", ""),
        ).order
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        return redirect("marketplace:quote", quote.pk)
    return redirect("marketplace:order", order.pk)


@buyer_required
def quote_csv(request, pk: int, *, membership) -> HttpResponse:
    """The quote as CSV, for a procurement file."""
    quote = owned_quote(membership, pk)
    return exports.csv_response(f"{quote.number}.csv", exports.quote_rows(quote))


@buyer_required
def quote_pdf(request, pk: int, *, membership) -> HttpResponse:
    """The quote as PDF, for a procurement file."""
    from marketplace.services.quote_pdf import quote_pdf as render_pdf

    quote = owned_quote(membership, pk)
    response = HttpResponse(render_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{quote.number}.pdf"'
    return response


def _own_order(membership, pk: int) -> Order:
    return get_object_or_404(
        Order.objects.select_related("quote"),
        pk=pk,
        organization=membership.organization,
    )


@buyer_required
def order_detail(request, pk: int, *, membership) -> HttpResponse:
    order = _own_order(membership, pk)
    payment = None
    try:
        payment = payment_attempts.payment_prepare(order)
    except PaymentError:
        messages.error(request, UNREACHABLE)
    return render(
        request,
        "marketplace/buying/order_detail.html",
        {
            "order": order,
            "payment": payment,
            "quote_phase": QuotePhase.objects.filter(
                quote_id=order.quote_id, number=order.phase
            ).first(),
            "refunded": sum(item.refunded_amount for item in order.payments.all()),
            "card_form": bool(
                payment is not None
                and payment.payment_intent_id
                and order.status == OrderStatus.PENDING_PAYMENT
                and membership.can(Capability.ORDER_PLACE)
            ),
            "history": order_history(order),
            "documents": order.documents.defer("data", "pdf").order_by(
                "issued_at", "pk"
            ),
            "unneeded_payments": payments_unneeded(order),
            "stripe_js_url": stripe_js_url(),
            # The card form's script explains Stripe.js's errors with these.
            "card_messages": card_failure_texts(),
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "vendor_orders": order.vendor_orders.select_related(
                "vendor__organization"
            ).prefetch_related(
                "lines__quote_line__plan",
                "lines__quote_line__promotion",
                "lines__subscription",
            ),
        },
    )


@require_POST
@buyer_required
def order_pay(request, pk: int, *, membership) -> HttpResponse:
    """Pay a card order. The page's script tokenizes the card with Stripe Elements
    and posts the token here (`card_token`); after a 3-D Secure step it posts
    `refresh` for the outcome. It asks for JSON: `status` (`succeeded`,
    `requires_action` with `client_secret`, `processing` or `failed` with
    `message`) and `redirect`, the order's page."""
    order = get_object_or_404(Order, pk=pk, organization=membership.organization)
    url = reverse("marketplace:order", args=[order.pk])
    try:
        if order.status == OrderStatus.PAID:
            answer = {"status": "succeeded"}
        else:
            if "refresh" in request.POST:
                payment, intent = card_payments.payment_card_refresh(
                    membership=membership, order=order
                )
            else:
                payment, intent = card_payments.payment_card_pay(
                    membership=membership,
                    order=order,
                    token=request.POST.get("card_token", ""),
                )
            answer = {"status": intent.status}
            if intent.status == "requires_action":
                answer["client_secret"] = intent.client_secret
            elif payment.status == PaymentStatus.FAILED:
                answer = {"status": "failed", "message": payment.failure_reason}
    except (ValidationError, PermissionDenied) as error:
        answer = {"status": "failed", "message": error_text(error)}
    except PaymentError:
        answer = {"status": "failed", "message": str(UNREACHABLE)}
    if answer["status"] == "succeeded":
        messages.success(request, _("Thank you: the payment went through."))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({**answer, "redirect": url})
    if answer["status"] == "failed":
        messages.error(request, answer["message"])
    return redirect(url)


@require_POST
@buyer_required
def order_cancel(request, pk: int, *, membership) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk, organization=membership.organization)
    try:
        order_services.order_cancel(membership=membership, order=order)
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
    else:
        messages.success(request, _("The order is cancelled."))
    return redirect("marketplace:order", order.pk)


@buyer_required
def order_history_csv(request, pk: int, *, membership) -> HttpResponse:
    """Every status change of the order, its payments and its quote, as CSV."""
    order = _own_order(membership, pk)
    return exports.csv_response(
        f"{order.number}-history.csv", exports.order_history_rows(order)
    )
