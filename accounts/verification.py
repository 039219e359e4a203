"""E-mail verification: a signed link that expires, e-mailed at sign-up, proves the
address before the account may act (EmailVerificationMiddleware keeps an
unverified user on "check your e-mail"). Following an invitation's e-mailed link
proves it too (`invitation_accept`), and so does `createsuperuser`; the demo
accounts are verified when they are seeded."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.ratelimit import rate_limit_hit

from .models import User

# A link signed for this purpose is good for nothing else (a password reset, …).
SALT = "accounts.email-verification"


def email_verification_link(*, user: User) -> str:
    """The link that verifies the user's address: signed over the user and the
    address (a changed address makes it void), good for
    EMAIL_VERIFICATION_VALID_DAYS."""
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)
    return settings.SITE_URL.rstrip("/") + reverse(
        "accounts:email_verify", kwargs={"token": token}
    )


def email_verification_send(*, user: User) -> None:
    """E-mail the user the link, after the transaction commits."""
    context = {
        "user": user,
        "link": email_verification_link(user=user),
        "expires": timezone.now()
        + timedelta(days=settings.EMAIL_VERIFICATION_VALID_DAYS),
    }
    message = render_to_string("accounts/email/email_verification.txt", context)
    subject = _("Confirm your e-mail address for Agora")
    email = user.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject, message=message, from_email=None, recipient_list=[email]
        )
    )


def email_verification_resend(*, user: User) -> None:
    """Send the link again: at most EMAIL_VERIFICATION_RESEND_RATE times per user
    (`RateLimited` beyond), so the button cannot flood an inbox."""
    if user.email_verified:
        return
    rate_limit_hit(
        f"email-verification:{user.pk}",
        settings.EMAIL_VERIFICATION_RESEND_RATE,
        _("Too many e-mails asked for; try again later."),
    )
    email_verification_send(user=user)


def user_for_verification_token(*, token: str) -> User | None:
    """The user a verification link was made for, if it is genuine, unexpired and
    their address has not changed since."""
    try:
        data = signing.loads(
            token,
            salt=SALT,
            max_age=timedelta(days=settings.EMAIL_VERIFICATION_VALID_DAYS),
        )
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is None or user.email != data.get("email"):
        return None
    return user


def user_email_verify(*, user: User) -> User:
    """Mark the user's address verified; doing it again changes nothing."""
    User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=timezone.now()
    )
    user.refresh_from_db(fields=["email_verified_at"])
    return user
