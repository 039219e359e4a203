"""Stripe's events, handled: each stored event once, through a table of handlers.

An event is applied only to the payment it names (by its PaymentIntent), and only
when its currency and amounts agree with that payment; anything else is kept with
the reason it was not applied. A handler that fails leaves nothing half done: the
event is tried again later (backing off), and after its last attempt it is marked
failed for finance to look at in the admin. Events are handled each on its own,
oldest first, so one that fails never holds up the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.models import Payment, StripeEvent, StripeEventOutcome
from marketplace.services.payments import attempts as payment_attempts

logger = logging.getLogger(__name__)


class NotApplied(Exception):
    """The event names no payment of ours, or disagrees with it: kept, not
    applied. The message says why (in the log's own words, English)."""


def _payment(intent_id: object) -> Payment:
    if not isinstance(intent_id, str) or not intent_id.startswith("pi_"):
        raise NotApplied("it names no PaymentIntent")
    payment = Payment.objects.filter(
        provider="stripe", payment_intent_id=intent_id
    ).first()
    if payment is None:
        raise NotApplied(f"no payment has PaymentIntent {intent_id}")
    return payment


def _same_money(payment: Payment, obj: dict, field: str) -> None:
    currency = str(obj.get("currency") or "").upper()
    if currency != payment.currency:
        raise NotApplied(
            f"its currency {currency or '(none)'} is not the payment's "
            f"{payment.currency}"
        )
    if obj.get(field) != payment.amount:
        raise NotApplied(
            f"its {field} {obj.get(field)!r} is not the payment's {payment.amount}"
        )


def _succeeded(obj: dict) -> None:
    payment = _payment(obj.get("id"))
    _same_money(payment, obj, "amount")
    received = obj.get("amount_received")
    # The card is saved for renewals only when it is the customer's (paid on the
    # order's page, or a renewal): a card a browser confirmed on its own is not
    # attached to the customer, and cannot be charged off-session.
    method = obj.get("payment_method") if obj.get("customer") else ""
    payment_attempts.payment_succeeded(
        payment=payment,
        amount=received if isinstance(received, int) else payment.amount,
        payment_method=method if isinstance(method, str) else "",
    )


def _failed(obj: dict) -> None:
    payment = _payment(obj.get("id"))
    error = obj.get("last_payment_error") or {}
    payment_attempts.payment_failed(
        payment=payment,
        message=error.get("message") or "",
        code=error.get("decline_code") or error.get("code") or "",
    )


def _refunded(obj: dict) -> None:
    # A charge: its payment_intent names our payment; amount_refunded is cumulative.
    payment = _payment(obj.get("payment_intent"))
    _same_money(payment, obj, "amount")
    refunded = obj.get("amount_refunded")
    if not isinstance(refunded, int) or not 0 <= refunded <= payment.amount:
        raise NotApplied(f"its amount_refunded {refunded!r} is out of range")
    payment_attempts.payment_refunded(payment=payment, refunded=refunded)


HANDLERS: dict[str, Callable[[dict], None]] = {
    "payment_intent.succeeded": _succeeded,
    "payment_intent.payment_failed": _failed,
    "charge.refunded": _refunded,
}


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt after `attempts` failed ones: doubling
    from STRIPE_EVENT_RETRY_SECONDS, at most six hours."""
    return min(settings.STRIPE_EVENT_RETRY_SECONDS * 2 ** max(attempts - 1, 0), 21_600)


def event_handle(event_pk: int) -> int | None:
    """Handle a stored event once (a second run finds it done). Answers the
    seconds to wait before trying it again when its handler failed, else None."""
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().get(pk=event_pk)
        if event.processed_at is not None or event.outcome == StripeEventOutcome.FAILED:
            return None
        handler = HANDLERS.get(event.type)
        outcome, note = StripeEventOutcome.APPLIED, ""
        try:
            with transaction.atomic():
                if handler is None:
                    outcome, note = StripeEventOutcome.IGNORED, "no handler"
                else:
                    handler(event.payload["data"]["object"])
        except NotApplied as error:
            outcome, note = StripeEventOutcome.IGNORED, f"not applied: {error}"
            logger.warning("stripe: %s %s %s", event.type, event.event_id, note)
        except Exception as error:
            return _attempt_failed(event, error)
        event.outcome, event.note = outcome, note[:500]
        event.attempts += 1
        event.processed_at = timezone.now()
        event.next_attempt_at = None
        event.save()
    return None


def _attempt_failed(event: StripeEvent, error: Exception) -> int | None:
    logger.exception("stripe: handling %s %s failed", event.type, event.event_id)
    event.attempts += 1
    event.note = f"{type(error).__name__}: {error}"[:500]
    if event.attempts >= settings.STRIPE_EVENT_MAX_ATTEMPTS:
        event.outcome = StripeEventOutcome.FAILED
        event.next_attempt_at = None
        event.save()
        return None
    delay = retry_delay(event.attempts)
    event.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    event.save()
    return delay


def event_retry(event_pk: int) -> None:
    """Finance asks for a failed event to be tried again (after fixing its cause)."""
    StripeEvent.objects.filter(
        pk=event_pk, outcome=StripeEventOutcome.FAILED, processed_at__isnull=True
    ).update(outcome=StripeEventOutcome.WAITING, attempts=0, next_attempt_at=None)


def events_due(*, older_than: timedelta) -> list[int]:
    """Stored events no task handled (the broker was down, or a retry is due),
    oldest first."""
    now = timezone.now()
    return list(
        StripeEvent.objects.filter(
            processed_at__isnull=True, received_at__lt=now - older_than
        )
        .exclude(outcome=StripeEventOutcome.FAILED)
        .exclude(next_attempt_at__gt=now)
        .order_by("created", "pk")
        .values_list("pk", flat=True)[:500]
    )


def events_sweep() -> int:
    """Handle every due event, each on its own: one that fails is rescheduled and
    the sweep goes on with the next."""
    handled = 0
    for pk in events_due(older_than=timedelta(minutes=2)):
        try:
            event_handle(pk)
        except Exception:
            # Storing the failed attempt itself failed (the database went away):
            # the next sweep tries again.
            logger.exception("stripe: event %s not handled", pk)
            continue
        handled += 1
    return handled
