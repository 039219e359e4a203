"""Issuing invoices, receipts and credit notes: numbered, frozen in the buyer's
language, once each (the constraint order + kind + reference; issuing again
answers the document issued before)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.models import Document, DocumentKind, Order, Payment
from marketplace.services.documents.content import (
    day_text,
    frame,
    money_text,
    order_rows,
    share,
)
from marketplace.services.documents.numbering import document_number_take


def _issue(
    *,
    kind: DocumentKind,
    order: Order,
    payment: Payment | None,
    reference: str,
    content: Callable[[str, datetime], dict[str, Any]],
) -> Document:
    """The document of this kind and reference of the order: the one issued before,
    or a new one numbered now, whose `content(number, issued_at)` is frozen in the
    organization's language."""
    existing = Document.objects.filter(
        order=order, kind=kind, reference=reference
    ).first()
    if existing is not None:
        return existing
    language = order.organization.language or settings.LANGUAGE_CODE
    try:
        # A savepoint: a document issued meanwhile gives the number back.
        with transaction.atomic():
            issued_at = timezone.now()
            number = document_number_take(
                kind=kind, year=timezone.localtime(issued_at).year
            )
            with translation.override(language):
                data = content(number, issued_at)
            return Document.objects.create(
                kind=kind,
                number=number,
                order=order,
                payment=payment,
                issued_at=issued_at,
                language=language,
                currency=order.currency,
                total=data["total"],
                data=data,
                reference=reference,
            )
    except IntegrityError:
        # Another transaction issued it while this one waited for the number's
        # lock, which it held until it committed.
        return Document.objects.get(order=order, kind=kind, reference=reference)


def _order(order_id: int) -> Order:
    return Order.objects.select_related("organization", "quote").get(pk=order_id)


@transaction.atomic
def invoice_issue(order: Order) -> Document:
    """The order's invoice: its lines, tax and total, due INVOICE_PAYMENT_DAYS
    after today unless the order says when (`due_on`, which it then keeps), and
    the reference to quote on the bank transfer. Once per order."""
    given, order = order, _order(order.pk)
    if order.due_on is None:
        order.due_on = timezone.localdate() + timedelta(
            days=settings.INVOICE_PAYMENT_DAYS
        )
        Order.objects.filter(pk=order.pk, due_on__isnull=True).update(
            due_on=order.due_on
        )
    # The caller's order says it too, so saving it later keeps it.
    given.due_on = order.due_on

    def content(number: str, issued_at: datetime) -> dict[str, Any]:
        rows = order_rows(order)
        data = frame(
            kind=DocumentKind.INVOICE,
            number=number,
            order=order,
            issued_at=issued_at,
            rows=rows,
            total=order.amount,
            tax=order.amount - sum(row["amount"] for row in rows),
        )
        reference = f"{order.number} / {number}"
        data.update(
            due_on=order.due_on.isoformat() if order.due_on else None,
            due_on_text=day_text(order.due_on),
            payment_reference=reference,
        )
        data["notes"].append(
            _(
                "Please pay %(total)s by %(due)s by bank transfer to the account "
                "below, quoting the payment reference %(reference)s."
            )
            % {
                "total": data["total_text"],
                "due": data["due_on_text"],
                "reference": reference,
            }
        )
        return data

    return _issue(
        kind=DocumentKind.INVOICE,
        order=order,
        payment=None,
        reference="",
        content=content,
    )


@transaction.atomic
def receipt_issue(payment: Payment) -> Document:
    """A receipt for a card payment that went through: what it paid, when, and
    Stripe's reference of it. Once per payment."""
    payment = Payment.objects.get(pk=payment.pk)
    order = _order(payment.order_id)

    def content(number: str, issued_at: datetime) -> dict[str, Any]:
        rows = order_rows(order)
        subtotal = sum(row["amount"] for row in rows)
        tax = order.amount - subtotal
        if payment.amount != order.amount:
            # Not what the order charges: its tax is the order's share of it.
            tax = share(tax, order.amount, payment.amount)
        data = frame(
            kind=DocumentKind.RECEIPT,
            number=number,
            order=order,
            issued_at=issued_at,
            rows=rows,
            total=payment.amount,
            tax=tax,
        )
        paid_at = payment.updated_at or issued_at
        reference = _("Card payment %(intent)s") % {
            "intent": payment.payment_intent_id or payment.pk
        }
        data.update(
            paid_on=timezone.localtime(paid_at).date().isoformat(),
            paid_on_text=day_text(paid_at),
            payment_reference=reference,
        )
        data["notes"].append(
            _("Paid in full by card on %(day)s (%(reference)s). Thank you.")
            % {"day": data["paid_on_text"], "reference": reference}
        )
        return data

    return _issue(
        kind=DocumentKind.RECEIPT,
        order=order,
        payment=payment,
        reference=str(payment.pk),
        content=content,
    )


@transaction.atomic
def credit_note_issue(payment: Payment, *, amount: int, reference: str) -> Document:
    """A credit note for `amount` (tax included) given back of the payment, split
    into net and tax as the order was; it names the document it credits (the
    payment's receipt, or the order's invoice). Once per `reference` (the refund's,
    as the ledger books it)."""
    payment = Payment.objects.get(pk=payment.pk)
    order = _order(payment.order_id)

    def content(number: str, issued_at: datetime) -> dict[str, Any]:
        credited = (
            Document.objects.filter(order=order, payment=payment)
            .exclude(kind=DocumentKind.CREDIT_NOTE)
            .order_by("pk")
            .first()
            or Document.objects.filter(order=order, kind=DocumentKind.INVOICE).first()
        )
        subtotal = sum(row["amount"] for row in order_rows(order))
        tax = share(order.amount - subtotal, order.amount, amount)
        row = {
            "description": _("Refund on order %(order)s") % {"order": order.number},
            "detail": _("Payment %(payment)s")
            % {"payment": payment.payment_intent_id or payment.pk},
            "period": "",
            "quantity": 1,
            "unit_price": amount - tax,
            "unit_price_text": money_text(amount - tax, order.currency),
            "amount": amount - tax,
            "amount_text": money_text(amount - tax, order.currency),
        }
        data = frame(
            kind=DocumentKind.CREDIT_NOTE,
            number=number,
            order=order,
            issued_at=issued_at,
            rows=[row],
            total=amount,
            tax=tax,
        )
        data.update(
            credits=credited.number if credited else "",
            payment_reference=reference,
        )
        note = _(
            "This credit note credits %(amount)s of order %(order)s; the amount is "
            "returned to the card it was paid with."
        )
        if credited:
            note = _(
                "This credit note credits %(amount)s of %(document)s (order "
                "%(order)s); the amount is returned to the card it was paid with."
            )
        data["notes"].append(
            note
            % {
                "amount": data["total_text"],
                "document": credited.number if credited else "",
                "order": order.number,
            }
        )
        return data

    return _issue(
        kind=DocumentKind.CREDIT_NOTE,
        order=order,
        payment=payment,
        reference=reference,
        content=content,
    )
