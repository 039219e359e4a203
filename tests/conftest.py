import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from accounts.roles import OrganizationKind, Role
from tests.factories import ApiKeyFactory, MembershipFactory, OrganizationFactory

SLOW = "slow: runs in CI (CI=true), with AGORA_SLOW=1 or with --slow"


def pytest_addoption(parser):
    parser.addoption(
        "--slow",
        action="store_true",
        help="Run the tests marked slow too (as CI=true or AGORA_SLOW=1 do).",
    )


def slow_tests_run(config) -> bool:
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return config.getoption("--slow") or os.environ.get("AGORA_SLOW") == "1" or ci


def pytest_report_header(config):
    if not slow_tests_run(config):
        return "slow tests: skipped (CI=true, AGORA_SLOW=1 or --slow runs them)"
    return "slow tests: run"


def pytest_collection_modifyitems(config, items):
    """The slow tests (real worker processes, the whole demo catalog, the longest
    browser journeys) run in CI and when asked for; `make test` stays quick."""
    if slow_tests_run(config):
        return
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.skip(reason=SLOW))


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: with Redis the cache outlives the test
    database, and Wagtail keeps the site's page paths in it. (Give the tests a Redis
    database of their own: it is flushed.) The facet names a process holds go too."""
    from search.facets import held_names

    cache.clear()
    held_names.clear()
    yield
    cache.clear()
    held_names.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in another (by its
    Accept-Language) leaves that one active in the thread."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def api_client_for():
    """`api_client_for(user, organization)`: an API client that signs in with an API
    key of the user's, acting for the organization."""

    def client_for(user, organization) -> APIClient:
        _key, secret = ApiKeyFactory.create(user=user, organization=organization)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return client_for


@pytest.fixture
def buyer_org(db):
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")


@pytest.fixture
def requester(buyer_org):
    return MembershipFactory(organization=buyer_org, role=Role.REQUESTER).user


@pytest.fixture
def approver(buyer_org):
    return MembershipFactory(
        organization=buyer_org, role=Role.APPROVER, is_admin=True
    ).user


@pytest.fixture
def vendor_org(db):
    return OrganizationFactory(kind=OrganizationKind.VENDOR, name="Lumen Systems")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def localstripe(settings):
    """A real localstripe on 127.0.0.1 for one test; its address is its value, and
    the Stripe gateway points at it."""
    port = _free_port()
    binary = Path(sys.executable).with_name("localstripe")
    process = subprocess.Popen(  # noqa: S603 - the venv's own localstripe
        [str(binary), "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/v1/customers", timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("localstripe did not start")
        settings.STRIPE_API_BASE = base
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def card_token(localstripe, settings):
    """Tokenize a test card at localstripe, as Stripe.js does in the browser."""

    def tokenize(number: str = "4242424242424242") -> str:
        response = httpx.post(
            f"{localstripe}/v1/tokens",
            data={
                "card[number]": number,
                "card[exp_month]": "12",
                "card[exp_year]": "2030",
                "card[cvc]": "123",
                "key": settings.STRIPE_PUBLISHABLE_KEY,
            },
        )
        response.raise_for_status()
        return response.json()["id"]

    return tokenize


class Receiver:
    """A real HTTP server on 127.0.0.1 standing in for a vendor's endpoint: it
    answers from a script (status, JSON body, headers, delay) and records every
    request it gets."""

    def __init__(self) -> None:
        import queue
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[dict] = []
        self.script: queue.Queue = queue.Queue()
        self.default = (200, {"status": "accepted"}, {}, 0.0)
        # Seconds a request to one of these paths waits before its answer.
        self.delays: dict[str, float] = {}
        # Called (with no arguments, in the receiver's thread) when a request with
        # this webhook-id comes, before it is answered: what happens meanwhile.
        self.on_request: dict[str, Callable[[], None]] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body.decode(),
                    }
                )
                if meanwhile := receiver.on_request.get(
                    self.headers.get("webhook-id", "")
                ):
                    meanwhile()
                try:
                    status, answer, headers, delay = receiver.script.get_nowait()
                except queue.Empty:
                    status, answer, headers, delay = receiver.default
                delay = max(delay, receiver.delays.get(self.path, 0.0))
                if delay:
                    time.sleep(delay)
                payload = b"" if answer is None else json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, status=200, body=None, headers=None, delay=0.0) -> None:
        """Script the next answer (later requests get the default, 200 accepted)."""
        self.script.put((status, body, headers or {}, delay))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()
