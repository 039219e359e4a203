"""One request: a signed POST to an endpoint, through the address guard (`ssrf`),
the answer read within the timeout and cut to what is needed to interpret it."""

from __future__ import annotations

import time

import httpx
from django.conf import settings

from vendors.webhooks import ssrf
from vendors.webhooks.values import Sent

# The most of a response body read (the rest is not needed to interpret it).
RESPONSE_READ_BYTES = 64 * 1024
TIMED_OUT = "timed out"

_transport: ssrf.GuardedTransport | None = None


def _http() -> ssrf.GuardedTransport:
    """One connection pool a process, so connections to an endpoint are reused.

    Requests go to httpx's transport itself, not through a client: a webhook sender
    keeps no cookies from one request to the next, follows no redirects and asks
    for no compressed answers, and a client's layer above the transport costs about
    a third of a request's CPU."""
    global _transport
    if _transport is None:
        _transport = ssrf.GuardedTransport()
    return _transport


def send(url: str, body: str, headers: dict[str, str]) -> Sent:
    """POST the body; the whole request, answer included, within the timeout."""
    started = time.monotonic()
    deadline = started + settings.WEBHOOKS_TIMEOUT

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        request = httpx.Request(
            "POST",
            url,
            content=body.encode(),
            headers=headers,
            extensions={"timeout": httpx.Timeout(settings.WEBHOOKS_TIMEOUT).as_dict()},
        )
        response = _http().handle_request(request)
        try:
            chunks, size = [], 0
            for chunk in response.iter_raw():
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer took too long")
                chunks.append(chunk)
                size += len(chunk)
                if size >= RESPONSE_READ_BYTES:
                    break
        finally:
            response.close()
        return Sent(
            status_code=response.status_code,
            body=b"".join(chunks)[:RESPONSE_READ_BYTES],
            headers=dict(response.headers),
            latency_ms=elapsed(),
        )
    except httpx.TimeoutException:
        return Sent(None, b"", {}, elapsed(), error=TIMED_OUT)
    except httpx.ConnectError as error:
        return Sent(None, b"", {}, elapsed(), error=str(error)[:300])
    except httpx.HTTPError as error:
        return Sent(
            None, b"", {}, elapsed(), error=f"{type(error).__name__}: {error}"[:300]
        )
