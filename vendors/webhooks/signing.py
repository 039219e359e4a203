"""Standard Webhooks signatures (standardwebhooks.com), made with the reference
library vendors verify with: endpoint secrets, the secrets in force during a
rotation, and the headers a request carries."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from standardwebhooks import Webhook

from vendors.models import WebhookEndpoint
from vendors.webhooks.values import Endpoint

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix, not a secret
USER_AGENT = "Agora-Webhooks/1"


def secret_new() -> str:
    """A fresh endpoint secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secrets_in_force(endpoint: WebhookEndpoint | Endpoint, now: datetime) -> list[str]:
    """The endpoint's secret, and during a rotation the previous one too."""
    in_force = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and endpoint.previous_secret_until > now
    ):
        in_force.append(endpoint.previous_secret)
    return in_force


def signature_header(
    secrets_in_force: list[str], *, webhook_id: str, timestamp: datetime, body: str
) -> str:
    """`webhook-signature`: one `v1,<base64>` per secret in force, space-separated
    (two during a rotation)."""
    return " ".join(
        Webhook(secret).sign(msg_id=webhook_id, timestamp=timestamp, data=body)
        for secret in secrets_in_force
    )


def request_headers(
    endpoint: WebhookEndpoint | Endpoint,
    *,
    webhook_id: str,
    timestamp: datetime,
    body: str,
) -> dict[str, str]:
    """The headers of a request to the endpoint, signed with the time it goes out,
    in the order they are sent."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(
            secrets_in_force(endpoint, timestamp),
            webhook_id=webhook_id,
            timestamp=timestamp,
            body=body,
        ),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
