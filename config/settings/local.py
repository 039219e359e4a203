"""The embedded default: what `make run` uses. Nothing to install but Python."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# localstripe, started by `make run`, stands in for Stripe.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="") or "http://127.0.0.1:8420"
# localstripe refuses `setup_future_usage` (see base.py).
STRIPE_SETUP_FUTURE_USAGE = env.bool("STRIPE_SETUP_FUTURE_USAGE", default=False)
# The demo vendor receiver listens on 127.0.0.1.
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=False)
WEBHOOKS_ALLOW_LOOPBACK = env.bool("WEBHOOKS_ALLOW_LOOPBACK", default=True)
