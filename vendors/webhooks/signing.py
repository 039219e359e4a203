"""Standard Webhooks signatures (standardwebhooks.com), made with the reference
library vendors verify with."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix, not a secret


def secret_new() -> str:
    """A fresh endpoint secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature_header(
    secrets_in_force: list[str], *, webhook_id: str, timestamp: datetime, body: str
) -> str:
    """`webhook-signature`: one `v1,<base64>` per secret in force, space-separated
    (two during a rotation)."""
    return " ".join(
        Webhook(secret).sign(msg_id=webhook_id, timestamp=timestamp, data=body)
        for secret in secrets_in_force
    )


def redact_signature(header: str) -> str:
    """A signature header as logged: the version and the first characters only."""
    return " ".join(part[:8] + "…" for part in header.split(" ") if part)
