"""What the delivery log keeps of a request and an answer: the signature cut short,
and passwords, secrets and tokens in an answer's body replaced."""

from __future__ import annotations

import json
import re

RESPONSE_LOG_BYTES = 2048

_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api[_-]?key|authorization", re.I)
_SECRET_PAIRS = re.compile(
    r'("?(?:pass(?:word)?|secret|token|api[_-]?key|authorization)"?\s*[:=]\s*)'
    r'("[^"]*"|[^\s,&}]+)',
    re.I,
)


def signature_redacted(header: str) -> str:
    """A signature header as logged: the version and the first characters only."""
    return " ".join(part[:8] + "…" for part in header.split(" ") if part)


def headers_logged(headers: dict[str, str]) -> dict[str, str]:
    """The request's headers as logged: all of them, the signature cut short."""
    return {
        **headers,
        "webhook-signature": signature_redacted(headers["webhook-signature"]),
    }


def _redacted(value):
    if isinstance(value, dict):
        return {
            key: "[redacted]" if _SECRET_KEYS.search(str(key)) else _redacted(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def body_logged(body: bytes) -> str:
    """A response body as logged: passwords, secrets and tokens replaced, cut to
    2 KB."""
    text = body.decode("utf-8", errors="replace")
    try:
        text = json.dumps(_redacted(json.loads(text)), ensure_ascii=False)
    except ValueError:
        text = _SECRET_PAIRS.sub(r'\1"[redacted]"', text)
    return text[:RESPONSE_LOG_BYTES]
