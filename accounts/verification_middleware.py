"""Until their e-mail address is verified, a signed-in user reaches only what
verifies it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.static import serve

# What an unverified user may open: "check your e-mail" and sending the link again,
# the link itself, an invitation's link (accepting it proves the address), logging
# out, and the language switch.
ALLOWED_VIEWS = frozenset(
    {
        "accounts:email_verification",
        "accounts:email_verification_resend",
        "accounts:email_verify",
        "accounts:invitation",
        "accounts:logout",
        "set_language",
        "javascript-catalog",
    }
)


class EmailVerificationMiddleware:
    """Sends a signed-in user whose address is not verified yet to "check your
    e-mail" from every other page; API v1 answers them 403 (an API key of theirs
    is refused by `ApiKeyAuthentication`).

    Below AuthenticationMiddleware, which sets `request.user`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.email_verified:
            return None
        match = request.resolver_match
        if view_func is serve or (match and match.view_name in ALLOWED_VIEWS):
            return None
        if match and "api" in match.namespaces:
            return JsonResponse(
                {
                    "type": "client_error",
                    "errors": [
                        {
                            "code": "email_not_verified",
                            "detail": _(
                                "Confirm your e-mail address first: follow the link "
                                "we sent you."
                            ),
                            "attr": None,
                        }
                    ],
                },
                status=403,
            )
        return redirect("accounts:email_verification")
