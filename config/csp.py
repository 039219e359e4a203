"""The Content-Security-Policy of every response (django-csp; see
CONTENT_SECURITY_POLICY in config/settings/base.py)."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from marketplace.payments.stripe import browser_sources

# What the Wagtail admin adds to the policy: inline scripts and styles. Wagtail 8
# still writes some — its choosers (rendered in Python) and inline panels start from
# an inline <script>, the date filters of its listings too, and a library bundled in
# its vendor.js adds <style> elements (wagtail/wagtail#1288 tracks its move away from
# them) — and rewriting its templates and widgets would break at each upgrade. Only
# under the admin's URL, which only staff reach (they sign in on our own page, under
# the full policy); everything else in the policy holds there too.
WAGTAIL_ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with three additions to the policy in settings:

    - Stripe's sources, read from the Stripe settings at each response, so that the
      policy always allows exactly where the card form loads Stripe.js from and what
      it calls (Stripe itself, or localstripe wherever STRIPE_API_BASE points);
    - `frame-ancestors 'self'` where the response's X-Frame-Options allows the same
      origin (Wagtail's previews, framed by its editor), since browsers follow
      frame-ancestors rather than X-Frame-Options when both are sent;
    - inline scripts and styles in the Wagtail admin (WAGTAIL_ADMIN_UPDATE).
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        additions = [browser_sources()]
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            additions.append(WAGTAIL_ADMIN_UPDATE)
        update = dict(parts.update or {})
        for addition in additions:
            for directive, sources in addition.items():
                update[directive] = [*update.get(directive, ()), *sources]
        parts.update = update
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
