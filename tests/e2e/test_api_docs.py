"""The API documentation works offline: Swagger UI is served from our static files."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


def test_the_api_documentation_renders_in_the_browser(page):
    page.goto("/api/v1/docs/")

    expect(page.get_by_text("Agora API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/me/", exact=True).first).to_be_visible()
