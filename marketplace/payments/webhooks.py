"""Inbound Stripe webhooks: verify the signature, store each event once, and hand
it to a task after commit (`payments/events.py` handles it)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace import tasks
from marketplace.models import StripeEvent
from marketplace.payments import stripe as gateway


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = gateway.event_verify(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except gateway.SignatureError:
        return HttpResponseBadRequest("bad signature")
    if not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        return HttpResponseBadRequest("not an event")
    created = event.get("created")
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event["id"][:80],
                type=event["type"][:80],
                payload=event,
                created=datetime.fromtimestamp(
                    created if isinstance(created, int) else 0, tz=UTC
                ),
            )
    except IntegrityError:
        return HttpResponse("duplicate")  # stored and handled before
    transaction.on_commit(lambda: tasks.stripe_event_task.delay(stored.pk))
    return HttpResponse("ok")
