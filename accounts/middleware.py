"""Sessions of staff last less than buyers' (STAFF_SESSION_AGE, SESSION_COOKIE_AGE)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from .permissions import can
from .roles import Capability


def reaches_an_admin(user) -> bool:
    """Staff: whoever reaches the Django admin (`is_staff`) or the Wagtail admin
    (curators, finance and superusers, who hold ADMIN_ACCESS)."""
    return user.is_staff or can(user, Capability.ADMIN_ACCESS)


class StaffSessionMiddleware:
    """A staff session expires STAFF_SESSION_AGE seconds after its last request:
    set when the response of the login leaves and renewed by each response after
    it, the session's cookie and its record in the store alike. Everyone else keeps
    SESSION_COOKIE_AGE. Checked at each request, so that someone made staff during
    a session gets the short one at once.

    After AuthenticationMiddleware in MIDDLEWARE (it reads `request.user`, which
    `login()` sets), so that on the way out it sets the expiry before
    SessionMiddleware saves the session and its cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and reaches_an_admin(user):
            request.session.set_expiry(settings.STAFF_SESSION_AGE)
        return response
