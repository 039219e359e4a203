"""The Stripe gateway: the one module that imports `stripe`.

It pins the API version, sends an idempotency key derived from our own row on every
create, and turns Stripe's errors into `PaymentError`. Offline, `STRIPE_API_BASE`
points it at localstripe.
"""

from __future__ import annotations

from dataclasses import dataclass

import stripe
from django.conf import settings


class PaymentError(Exception):
    """Stripe refused or could not be reached; the message is safe to show."""


class SignatureError(Exception):
    """An inbound webhook's signature does not verify."""


@dataclass(frozen=True)
class Intent:
    id: str
    client_secret: str
    status: str
    amount: int
    currency: str


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE or None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=settings.STRIPE_API_VERSION,
        base_addresses={"api": base} if base else {},
        max_network_retries=2,
    )


def _intent(obj) -> Intent:
    return Intent(
        id=obj["id"],
        client_secret=obj.get("client_secret") or "",
        status=obj["status"],
        amount=obj["amount"],
        currency=obj["currency"].upper(),
    )


def payment_intent_create(
    *, amount: int, currency: str, idempotency_key: str, metadata: dict[str, str]
) -> Intent:
    """A card PaymentIntent; the same key always answers the same intent."""
    try:
        obj = _client().v1.payment_intents.create(
            params={  # type: ignore[typeddict-unknown-key]
                "amount": amount,
                "currency": currency.lower(),
                "payment_method_types": ["card"],
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise PaymentError(str(error.user_message or error)) from error
    return _intent(obj.to_dict())


def payment_intent_cancel(intent_id: str) -> None:
    try:
        _client().v1.payment_intents.cancel(intent_id)
    except stripe.StripeError as error:
        raise PaymentError(str(error.user_message or error)) from error


@dataclass(frozen=True)
class Refund:
    id: str
    status: str
    amount: int


def refund_create(*, intent_id: str, amount: int, idempotency_key: str) -> Refund:
    try:
        refund = _client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": amount},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise PaymentError(str(error.user_message or error)) from error
    return Refund(id=refund["id"], status=refund["status"], amount=refund["amount"])


def event_verify(payload: bytes, signature: str) -> dict:
    """The event a webhook carries, once its signature checks out."""
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET
        )
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise SignatureError(str(error)) from error
    return event.to_dict()
