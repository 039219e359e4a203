"""Glue for django-axes, which locks out password guessing."""

from __future__ import annotations

from .models import normalize_email


def login_attempt_username(request, credentials: dict | None) -> str:
    """Count attempts per e-mail address whatever its case, as logins match it."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(username)
