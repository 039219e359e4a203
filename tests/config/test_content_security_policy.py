"""The Content-Security-Policy header: on every page, strict outside the Wagtail admin,
with Stripe's sources as the Stripe settings say, and frames only where X-Frame-Options
allows them. (tests/e2e/test_content_security_policy.py checks in Chromium that no page
breaks it.)"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.clickjacking import xframe_options_sameorigin

from accounts.roles import Role
from config.csp import ContentSecurityPolicyMiddleware
from tests.factories import PlatformMemberFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize(
    "path,status",
    [
        ("/", 200),
        ("/search/?q=manhole", 200),
        ("/account/login/", 200),
        ("/api/v1/docs/", 200),
        ("/django-admin/login/", 200),
        ("/no-such-page/", 404),
        ("/search/?q=%00", 400),
    ],
)
def test_every_page_has_the_strict_policy(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_wagtail_admin_also_allows_inline_scripts_and_styles_only(client):
    client.force_login(PlatformMemberFactory(role=Role.CURATOR))

    response = client.get("/cms/")

    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_stripe_js_its_api_and_its_frames_are_allowed(client, settings):
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_JS_URL = ""

    directives = policy(client.get("/account/login/"))

    assert directives["script-src"] == [
        "'self'",
        "https://js.stripe.com",
        "https://*.js.stripe.com",
    ]
    assert directives["frame-src"] == [
        "'self'",
        "https://js.stripe.com",
        "https://*.js.stripe.com",
        "https://hooks.stripe.com",
    ]
    assert directives["connect-src"] == ["'self'", "https://api.stripe.com"]


def test_localstripe_is_allowed_wherever_the_settings_point(client, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:48420"
    settings.STRIPE_JS_URL = ""

    directives = policy(client.get("/account/login/"))

    assert directives["script-src"] == ["'self'", "http://127.0.0.1:48420"]
    assert directives["connect-src"] == ["'self'", "http://127.0.0.1:48420"]
    assert directives["frame-src"] == ["'self'"]


def test_a_page_that_allows_same_origin_frames_allows_them_in_the_policy_too():
    # As Wagtail's previews do, for the editor's preview panel.
    view = xframe_options_sameorigin(lambda request: HttpResponse("preview"))
    middleware = ContentSecurityPolicyMiddleware(view)

    response = middleware(RequestFactory().get("/cms/pages/3/edit/preview/"))

    assert policy(response)["frame-ancestors"] == ["'self'"]
