"""The Stripe gateway: the one module that imports `stripe`.

It pins the API version, sends an idempotency key derived from our own row on every
create, and turns Stripe's errors into `PaymentError`. Offline, `STRIPE_API_BASE`
points it at localstripe.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import stripe
from django.conf import settings


class PaymentError(Exception):
    """Stripe refused or could not be reached; the message is safe to show, and
    `code` is Stripe's error or decline code when it gave one. `transient`: Stripe
    could not be reached or failed on its side, so the same request may succeed
    later; otherwise Stripe refused it and will again."""

    def __init__(self, message: str, code: str = "", *, transient: bool = False):
        super().__init__(message)
        self.code = code
        self.transient = transient


# Errors of Stripe's side or of the way there; the rest refuse the request itself.
TRANSIENT = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


def _error(error: stripe.StripeError) -> PaymentError:
    code = getattr(error, "code", None) or ""
    decline = (getattr(error, "json_body", None) or {}).get("error", {})
    if not code and isinstance(error, stripe.CardError | stripe.InvalidRequestError):
        # A refusal without a code (card details Stripe could not read, answered
        # "Bad request"): its type says what it was, for the buyer's explanation.
        code = decline.get("type") or ""
    return PaymentError(
        str(error.user_message or error),
        decline.get("decline_code") or code,
        transient=isinstance(error, TRANSIENT),
    )


class SignatureError(Exception):
    """An inbound webhook's signature does not verify."""


@dataclass(frozen=True)
class Intent:
    id: str
    client_secret: str
    status: str
    amount: int
    currency: str
    error_code: str = ""
    error_message: str = ""
    # The card it was paid with (a PaymentMethod or a card source of the customer).
    payment_method: str = ""


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE or None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=settings.STRIPE_API_VERSION,
        base_addresses={"api": base} if base else {},
        max_network_retries=2,
    )


def _intent(obj) -> Intent:
    error = obj.get("last_payment_error") or {}
    return Intent(
        id=obj["id"],
        client_secret=obj.get("client_secret") or "",
        status=obj["status"],
        amount=obj["amount"],
        currency=obj["currency"].upper(),
        error_code=error.get("decline_code") or error.get("code") or "",
        error_message=error.get("message") or "",
        payment_method=_id(obj.get("payment_method")),
    )


def _id(value) -> str:
    """The id of a field Stripe answers as an id or, expanded, as an object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def payment_intent_create(
    *,
    amount: int,
    currency: str,
    idempotency_key: str,
    metadata: dict[str, str],
    customer_id: str = "",
) -> Intent:
    """A card PaymentIntent; the same key always answers the same intent. With a
    customer, the card it is paid with is saved on the customer for off-session
    charges (`setup_future_usage`, unless STRIPE_SETUP_FUTURE_USAGE is off: the
    offline localstripe refuses the parameter, and charges any card of the
    customer off-session without it)."""
    params: dict = {
        "amount": amount,
        "currency": currency.lower(),
        "payment_method_types": ["card"],
        "metadata": metadata,
    }
    if customer_id:
        params["customer"] = customer_id
        if settings.STRIPE_SETUP_FUTURE_USAGE:
            params["setup_future_usage"] = "off_session"
    try:
        obj = _client().v1.payment_intents.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _error(error) from error
    return _intent(obj.to_dict())


def js_url() -> str:
    """Where the browser loads Stripe.js: localstripe serves its stand-in beside its
    API when `STRIPE_API_BASE` points there."""
    if settings.STRIPE_JS_URL:
        return settings.STRIPE_JS_URL
    base = settings.STRIPE_API_BASE.rstrip("/")
    return f"{base}/js.stripe.com/v3/" if base else "https://js.stripe.com/v3/"


STRIPE_JS_ORIGIN = "https://js.stripe.com"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def browser_sources() -> dict[str, list[str]]:
    """What the card form's page must allow in its Content-Security-Policy, by
    directive: where Stripe.js loads from (`js_url`), the API it calls, and the
    frames it draws card fields and 3-D Secure challenges in (Stripe's list: its
    integration security guide). localstripe's stand-in draws plain fields in the
    page and calls the API beside it."""
    script = _origin(js_url())
    if script != STRIPE_JS_ORIGIN:
        api = settings.STRIPE_API_BASE
        return {
            "script-src": [script],
            "connect-src": [_origin(api) if api else "https://api.stripe.com"],
        }
    return {
        "script-src": [STRIPE_JS_ORIGIN, "https://*.js.stripe.com"],
        "frame-src": [
            STRIPE_JS_ORIGIN,
            "https://*.js.stripe.com",
            "https://hooks.stripe.com",
        ],
        "connect-src": ["https://api.stripe.com"],
    }


def customer_create(
    *, name: str, idempotency_key: str, metadata: dict[str, str]
) -> str:
    """A Stripe customer for a buyer organization; the cards it pays with are kept
    on it."""
    try:
        customer = _client().v1.customers.create(
            params={"name": name, "metadata": metadata},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _error(error) from error
    return customer["id"]


def payment_intent_pay_with_token(
    *, intent_id: str, customer_id: str, token: str
) -> Intent:
    """Pay an intent with a card the browser tokenized through Stripe Elements: the
    card is saved on the customer and the intent confirmed on the server. A card
    that needs 3-D Secure answers `requires_action`, which the browser completes
    with Stripe.js before `payment_intent_retrieve` reads the outcome."""
    client = _client()
    try:
        card = client.v1.customers.payment_sources.create(
            customer_id,
            params={"source": token},
            options={"idempotency_key": f"agora-card-{token}"},
        )
        client.v1.payment_intents.update(
            intent_id, params={"customer": customer_id, "payment_method": card["id"]}
        )
        obj = client.v1.payment_intents.confirm(
            intent_id, options={"idempotency_key": f"agora-confirm-{token}"}
        )
    except stripe.StripeError as error:
        raise _error(error) from error
    return _intent(obj.to_dict())


def payment_intent_charge_saved_card(
    *,
    amount: int,
    currency: str,
    customer_id: str,
    payment_method_id: str,
    idempotency_key: str,
    metadata: dict[str, str],
) -> Intent:
    """Charge the customer's saved card while the buyer is away (a renewal): a
    PaymentIntent created and confirmed off-session at once. A card Stripe declines
    (or that would need the buyer to authenticate) answers the intent as declined,
    `requires_payment_method` with the decline code, not an error: Stripe names the
    intent in its error when it has one. Stripe out of reach raises `PaymentError`
    (transient); the same key sent again answers the same outcome."""
    try:
        obj = _client().v1.payment_intents.create(
            params={  # type: ignore[typeddict-unknown-key]
                "amount": amount,
                "currency": currency.lower(),
                "customer": customer_id,
                "payment_method": payment_method_id,
                "payment_method_types": ["card"],
                "off_session": True,
                "confirm": True,
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.CardError as error:
        json_body = error.json_body if isinstance(error.json_body, dict) else {}
        body = json_body.get("error") or {}
        return Intent(
            id=_id(body.get("payment_intent")),
            client_secret="",
            status="requires_payment_method",
            amount=amount,
            currency=currency.upper(),
            error_code=body.get("decline_code") or body.get("code") or "card_declined",
            error_message=str(error.user_message or error),
            payment_method=payment_method_id,
        )
    except stripe.IdempotencyError as error:
        # The same charge is being made by another worker right now: its answer
        # is the one that counts; asking again later reads it.
        raise PaymentError(str(error), transient=True) from error
    except stripe.StripeError as error:
        raise _error(error) from error
    return _intent(obj.to_dict())


def payment_intent_retrieve(intent_id: str) -> Intent:
    try:
        obj = _client().v1.payment_intents.retrieve(intent_id)
    except stripe.StripeError as error:
        raise _error(error) from error
    return _intent(obj.to_dict())


def payment_intent_cancel(intent_id: str) -> None:
    try:
        _client().v1.payment_intents.cancel(intent_id)
    except stripe.StripeError as error:
        raise _error(error) from error


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
        raise _error(error) from error
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
