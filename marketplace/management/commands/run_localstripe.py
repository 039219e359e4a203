"""Run localstripe (the local Stripe server) and register Agora's webhook with it, so
that a card payment on the embedded default completes end to end. `make run` starts
it; Ctrl-C stops localstripe with it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run localstripe and register the Stripe webhook of this site with it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8420)
        parser.add_argument(
            "--webhook-url",
            default="",
            help="Where localstripe sends events (default: SITE_URL/webhooks/stripe/).",
        )

    def handle(self, *args, port: int, webhook_url: str, **options):
        binary = Path(sys.executable).with_name("localstripe")
        process = subprocess.Popen(  # noqa: S603 - the venv's own localstripe
            [str(binary), "--port", str(port), "--from-scratch"]
        )
        signal.signal(signal.SIGTERM, lambda *_: process.terminate())
        base = f"http://127.0.0.1:{port}"
        url = webhook_url or f"{settings.SITE_URL.rstrip('/')}/webhooks/stripe/"
        try:
            self._register(base, url, process)
            self.stdout.write(f"localstripe on {base} sends events to {url}")
            process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=10)

    def _register(self, base: str, url: str, process: subprocess.Popen) -> None:
        for _ in range(100):  # up to ten seconds
            if process.poll() is not None:
                raise CommandError("localstripe stopped; is the port in use?")
            try:
                response = httpx.post(
                    f"{base}/_config/webhooks/agora",
                    data={"url": url, "secret": settings.STRIPE_WEBHOOK_SECRET},
                    timeout=1,
                )
            except httpx.TransportError:
                time.sleep(0.1)
                continue
            response.raise_for_status()
            return
        process.terminate()
        raise CommandError("localstripe did not start within ten seconds.")
