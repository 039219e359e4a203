"""Inbound Stripe webhooks: verify the signature, store each event once, handle it
after commit through a table of handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.models.buying import Payment, StripeEvent
from marketplace.payments import stripe as gateway
from marketplace.services import orders

logger = logging.getLogger(__name__)


def _payment(intent: dict) -> Payment | None:
    payment = Payment.objects.filter(payment_intent_id=intent.get("id")).first()
    if payment is None:
        logger.warning("stripe: no payment for intent %s", intent.get("id"))
    return payment


def _succeeded(obj: dict) -> None:
    if payment := _payment(obj):
        orders.payment_succeeded(
            payment=payment, amount=obj.get("amount_received") or obj.get("amount", 0)
        )


def _failed(obj: dict) -> None:
    if payment := _payment(obj):
        error = obj.get("last_payment_error") or {}
        orders.payment_failed(
            payment=payment,
            message=error.get("message") or "",
            code=error.get("decline_code") or error.get("code") or "",
        )


def _refunded(obj: dict) -> None:
    # A charge: its payment_intent names our payment; amount_refunded is cumulative.
    if payment := _payment({"id": obj.get("payment_intent")}):
        orders.payment_refunded(payment=payment, refunded=obj.get("amount_refunded", 0))


HANDLERS: dict[str, Callable[[dict], None]] = {
    "payment_intent.succeeded": _succeeded,
    "payment_intent.payment_failed": _failed,
    "charge.refunded": _refunded,
}


def event_handle(event_pk: int) -> None:
    """Handle a stored event once (a second run finds it processed)."""
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().get(pk=event_pk)
        if event.processed_at is not None:
            return
        handler = HANDLERS.get(event.type)
        if handler is None:
            logger.info("stripe: ignoring %s", event.type)
        else:
            handler(event.payload["data"]["object"])
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at"])


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = gateway.event_verify(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except gateway.SignatureError:
        return HttpResponseBadRequest("bad signature")
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                payload=event,
                created=datetime.fromtimestamp(event.get("created", 0), tz=UTC),
            )
    except IntegrityError:
        return HttpResponse("duplicate")  # stored and handled before
    from marketplace.tasks import stripe_event_task

    transaction.on_commit(lambda: stripe_event_task.delay(stored.pk))
    return HttpResponse("ok")
