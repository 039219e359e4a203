"""A user's language: what they chose (empty follows their browser), and making
the site speak it — for the rest of the request, and in Django's language cookie,
which `LocaleMiddleware` reads on every later request."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import User


def user_language_set(*, user: User, language: str) -> User:
    """Keep the user's language: one of the site's, or empty to follow the
    browser (their e-mail is then in the site's default language)."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages listed.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def language_remember(response: HttpResponse, language: str) -> None:
    """Speak `language` from now on: activated for what is left of the request,
    and set in the language cookie (as Django's `set_language` view does). Empty:
    the cookie is removed, and the browser's language counts again."""
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
