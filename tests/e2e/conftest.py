"""Headless Chromium through Playwright, against pytest-django's live server.

Chromium comes from Debian (`apt-get install chromium`); Playwright does not download
a browser of its own. Without Chromium these tests are skipped, unless
AGORA_E2E_REQUIRED=1 (as in CI) turns the skip into a failure.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("AGORA_E2E_REQUIRED") == "1":
            pytest.fail("Chromium is not installed (apt-get install chromium).")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db):
    """The home page and site: an earlier transactional test may have flushed what the
    migrations created."""
    from marketplace.services.pages import home_page_sync

    return home_page_sync()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log the browser in as a user, through a real session cookie."""
    from django.conf import settings
    from django.test import Client

    def login_as(user):
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return user

    return login_as


@pytest.fixture
def axe_violations(page):
    """`axe_violations(exclude=())`: what axe-core (from npm) finds on the page as it
    is against WCAG 2.1 A and AA, leaving out the elements `exclude` selects (only
    content that is not ours, such as Stripe's card fields)."""

    def scan(exclude: tuple[str, ...] = ()) -> list[dict]:
        if not AXE.exists():
            pytest.fail("axe-core is not installed: run `npm ci`.")
        # Evaluated through the DevTools protocol: the pages' Content-Security-Policy
        # refuses an inline <script> (add_script_tag), as it should.
        page.evaluate(AXE.read_text())
        result = page.evaluate(
            "async ([tags, exclude]) => await axe.run("
            "{include: [document], exclude: exclude.map((s) => [s])}, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            [WCAG, list(exclude)],
        )
        return [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]

    return scan


@pytest.fixture
def assert_accessible(page, axe_violations):
    """`assert_accessible(path, exclude=())`: the page at `path` opens, and passes
    the scan."""

    def check(path: str, exclude: tuple[str, ...] = ()) -> None:
        response = page.goto(path)
        assert response.status == 200, path
        violations = axe_violations(exclude)
        assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"

    return check
