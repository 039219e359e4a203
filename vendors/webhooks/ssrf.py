"""Server-side request forgery guard: a vendor's endpoint may only reach the public
internet. The URL is checked when saved, and each connection is checked against the
address it actually connects to (resolved once, then connected by address, so a
name that resolves elsewhere the second time cannot slip through)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(httpcore.ConnectError):
    """The endpoint resolves to an address it may not have."""


def address_allowed(address: Address) -> bool:
    """Public unicast only; loopback too where WEBHOOKS_ALLOW_LOOPBACK (development
    and tests). An IPv6 address that carries an IPv4 address (IPv4-mapped, 6to4,
    Teredo) is judged by that one too: a relay would deliver to it."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return address_allowed(address.ipv4_mapped)
        embedded = [address.sixtofour, *(address.teredo or ())]
        if not all(address_allowed(inner) for inner in embedded if inner):
            return False
    if address.is_loopback:
        return bool(settings.WEBHOOKS_ALLOW_LOOPBACK)
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_link_local
    )


def resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UnsafeAddress(f"{host} does not resolve: {error}") from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def url_check(url: str) -> None:
    """Refuse an endpoint URL that is not https (in production) or resolves to an
    address that is not allowed; the message says why."""
    parts = urlsplit(url)
    allowed_schemes = (
        {"https"} if settings.WEBHOOKS_REQUIRE_HTTPS else {"https", "http"}
    )
    if parts.scheme not in allowed_schemes:
        raise ValidationError(_("The endpoint must use https."), code="scheme")
    if not parts.hostname:
        raise ValidationError(_("The endpoint URL has no host."), code="host")
    if parts.username or parts.password:
        raise ValidationError(
            _("Put no user name or password in the URL; deliveries are signed."),
            code="credentials",
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(
            _("The endpoint URL has an invalid port."), code="port"
        ) from error
    try:
        addresses = resolve(parts.hostname, port)
    except UnsafeAddress as error:
        raise ValidationError(
            _("%(host)s cannot be resolved.") % {"host": parts.hostname},
            code="resolve",
        ) from error
    refused = [str(address) for address in addresses if not address_allowed(address)]
    if refused:
        raise ValidationError(
            _(
                "%(host)s resolves to %(address)s, a private, loopback or reserved "
                "address; the endpoint must be reachable on the public internet."
            )
            % {"host": parts.hostname, "address": refused[0]},
            code="address",
        )


# The moment the current thread's request must be over (see GuardedTransport).
_deadline = threading.local()


def _within_deadline(timeout: float | None, error: type[Exception]) -> float | None:
    """An operation's timeout, cut to what is left of the whole request."""
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the whole request took longer than its timeout")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the request's deadline, so a
    slow answer cannot hold a worker for a timeout per read."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(
            max_bytes, _within_deadline(timeout, httpcore.ReadTimeout)
        )

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(
            self._stream.start_tls(
                ssl_context,
                server_hostname,
                _within_deadline(timeout, httpcore.ConnectTimeout),
            )
        )

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses any address not allowed, and connects to
    the checked address (TLS still verifies the host name)."""

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ):
        addresses = resolve(host, port)
        refused = [a for a in addresses if not address_allowed(a)]
        if refused or not addresses:
            raise UnsafeAddress(
                f"refused: {host} resolves to {refused[0] if refused else 'nothing'}, "
                "which is not a public address"
            )
        stream = super().connect_tcp(
            str(addresses[0]),
            port,
            _within_deadline(timeout, httpcore.ConnectTimeout),
            local_address,
            socket_options,
        )
        return _DeadlineStream(stream)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport, connecting only through the guard, and treating a
    request's timeout as a deadline for the whole request: connecting, sending, and
    reading the answer to its end."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # httpx gives no way to pass httpcore a network backend; its pool reads
        # this attribute for every new connection (httpx and httpcore are pinned).
        self._pool._network_backend = _GuardedBackend()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout") or {}
        total = max((value for value in timeouts.values() if value), default=None)
        # Reading a streamed body happens after this returns, in the same thread:
        # the deadline stays set until the thread's next request.
        _deadline.at = None if total is None else time.monotonic() + total
        return super().handle_request(request)
