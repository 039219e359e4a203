"""Liveness and readiness endpoints for load balancers and orchestrators.

``/healthz`` answers as long as the process serves requests; it touches nothing else, so
a dependency outage never gets a healthy web replica restarted. ``/readyz`` checks every
dependency a request may need — the databases, the cache, the Celery broker and the
search engine when one is configured — and answers 503 when any of them is down.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.health import search_engine_check

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    latency_ms: float
    error: str = ""

    def as_dict(self) -> dict:
        body: dict = {
            "status": "ok" if self.ok else "error",
            "latency_ms": round(self.latency_ms, 1),
        }
        if self.error:
            body["error"] = self.error
        return body


def _database_check() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def _cache_check() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def _broker_check() -> None:
    from config.celery import app

    url = app.conf.broker_url or ""
    if url.startswith("filesystem://"):
        options = app.conf.broker_transport_options or {}
        for key in ("data_folder_in", "data_folder_out"):
            folder = Path(options[key])
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".readyz-{uuid.uuid4().hex}"
            probe.touch()
            probe.unlink()
        return
    with app.connection_for_write() as connection:
        connection.ensure_connection(
            max_retries=0, timeout=settings.HEALTH_CHECK_TIMEOUT
        )
        # Opening the default channel makes the transport talk to the server
        # (Redis answers a PING here).
        connection.default_channel  # noqa: B018


def readiness_checks() -> dict[str, Callable[[], None]]:
    checks: dict[str, Callable[[], None]] = {
        "database": _database_check,
        "cache": _cache_check,
        "broker": _broker_check,
    }
    search = search_engine_check()
    if search is not None:
        checks["search"] = search
    return checks


def _run(check: Callable[[], None]) -> CheckResult:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:
        # The operator needs the kind of failure; connection strings stay out of
        # the answer because they may carry passwords.
        logger.warning("readiness check failed: %r", exc)
        return CheckResult(
            ok=False,
            latency_ms=(time.perf_counter() - started) * 1000,
            error=type(exc).__name__,
        )
    return CheckResult(ok=True, latency_ms=(time.perf_counter() - started) * 1000)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results = {name: _run(check) for name, check in readiness_checks().items()}
    ready = all(result.ok for result in results.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "error",
            "checks": {name: result.as_dict() for name, result in results.items()},
        },
        status=200 if ready else 503,
    )
