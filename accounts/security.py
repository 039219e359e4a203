"""Glue for django-axes, which locks out password guessing, and the limits on
password reset e-mails."""

from __future__ import annotations

import hashlib

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from config.ratelimit import rate_limit_hit

from .models import normalize_email


def login_attempt_username(request, credentials: dict | None) -> str:
    """Count attempts per e-mail address whatever its case, as logins match it."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(username)


class LoginLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a second limit per client address.

    Axes locks one account from one address after AXES_FAILURE_LIMIT wrong
    passwords ([["username", "ip_address"]]). That alone lets one address try a few
    passwords on every account there is. Axes 8 could count the address alone too
    (`AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]`), but
    with the same AXES_FAILURE_LIMIT for both, so five typos in an office behind one
    NAT address would lock everyone in it out; and with AXES_RESET_ON_SUCCESS a
    successful login deletes every record that matches either parameter, so the
    attacker's own correct login would wipe the address's count. Here the address's
    failures are summed from the records axes keeps anyway (every username, within
    the cool-off), against a limit of their own, LOGIN_FAILURE_LIMIT_PER_IP, and a
    success resets only that account's records from that address."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if self._address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_IP:
            # The lockout page says why (accounts/locked_out.html).
            request.login_locked_for_address = True
            return True
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and not request.axes_locked_out
            and self._address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_IP
        ):
            request.login_locked_for_address = True
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def _address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME:
            attempts = attempts.filter(
                attempt_time__gte=get_cool_off_threshold(request)
            )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def password_reset_count(request, email: str) -> None:
    """Count a password reset request against the limits per e-mail address and
    per client address (the one the login lockout uses); `RateLimited` beyond
    either. Requests for addresses without an account count alike, so the answer
    never tells whether an account exists."""
    message = _("Too many password reset requests; try again later.")
    rate_limit_hit(
        f"password-reset.ip:{get_client_ip_address(request)}",
        settings.PASSWORD_RESET_RATE_PER_IP,
        message,
    )
    rate_limit_hit(
        "password-reset.email:"
        + hashlib.sha256(normalize_email(email).encode()).hexdigest(),
        settings.PASSWORD_RESET_RATE_PER_EMAIL,
        message,
    )
