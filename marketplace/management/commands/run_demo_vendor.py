"""Run the demo vendors' webhook receiver: every verified vendor without an endpoint
of its own is pointed at it, so a purchase on the embedded default is provisioned
end to end. `make run` starts it; Ctrl-C stops it."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from marketplace.demo.vendor_receiver import (
    Receiver,
    demo_vendors_prepare,
    server_start,
    site_url,
)


class Command(BaseCommand):
    help = "Run the demo vendors' webhook receiver (verifies, provisions, calls back)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8425)
        parser.add_argument(
            "--fail-first",
            type=float,
            default=0.25,
            help="Share of first attempts answered 500, to show retries (0 to 1).",
        )
        parser.add_argument(
            "--callback-delay",
            type=float,
            default=5.0,
            help="Seconds before a non-SaaS listing is reported provisioned.",
        )
        parser.add_argument(
            "--vendor",
            action="append",
            default=[],
            help="Only this vendor organization (slug); repeat for more.",
        )

    def handle(self, *args, host, port, fail_first, callback_delay, vendor, **options):
        receiver = Receiver(
            base_url=f"http://{host}:{port}",
            site_url=site_url(),
            fail_first=min(max(fail_first, 0.0), 1.0),
            callback_delay=callback_delay,
        )
        demo_vendors_prepare(receiver, only=vendor or None)
        server = server_start(receiver, host, port)
        self.stdout.write(
            f"Demo vendor receiver on {receiver.base_url}/<vendor>/ for "
            f"{len(receiver.vendors)} vendors; {fail_first:.0%} of first attempts "
            f"fail; callbacks to {receiver.site_url}"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
