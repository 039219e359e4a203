"""The statistics pages in Chromium: each passes the axe scan (WCAG 2.1 A and AA) in
English and Chinese, shows its charts at a phone's width without spilling out of
the page, and works without JavaScript."""

import pytest

from accounts.roles import Role
from tests.factories import PlatformMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]

ADMIN_PAGES = [
    "/cms/statistics/",
    "/cms/statistics/sales/",
    "/cms/statistics/buyers/",
    "/cms/statistics/catalog/",
    "/cms/statistics/sale-effect/",
    "/cms/statistics/funnel/",
    "/cms/statistics/provisioning/",
]


@pytest.fixture
def sales(site):
    """Listings sold to buyers in two regions, with the rollups rebuilt."""
    from analytics.services import rollups_rebuild
    from tests.factories.buying import paid_subscription, self_approving_buyer
    from tests.factories.catalog import published_listing

    sensors = published_listing(title="Manhole Guard", slug="manhole-guard")
    cameras = published_listing(title="Crossing Camera", slug="crossing-camera")
    paid_subscription(sensors, quantity=2, buyer=self_approving_buyer(region="CN"))
    paid_subscription(
        cameras,
        quantity=100,
        buyer=self_approving_buyer(region="DE", buyer_type="enterprise"),
    )
    rollups_rebuild()
    return sensors, cameras


def choose_language(page, language: str) -> None:
    page.goto("/")
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Change").click()


def test_admin_statistics_pages_pass_the_accessibility_scan(
    login, sales, assert_accessible
):
    login(PlatformMemberFactory(role=Role.CURATOR))

    for path in ADMIN_PAGES:
        assert_accessible(path)


def test_admin_statistics_with_form_errors_pass_the_accessibility_scan(
    page, login, sales, axe_violations
):
    login(PlatformMemberFactory(role=Role.FINANCE))

    response = page.goto("/cms/statistics/sales/?period=custom&start=x")

    assert response.status == 400
    assert page.get_by_text("Enter a valid date.").is_visible()
    assert axe_violations() == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_vendor_statistics_pass_the_accessibility_scan(
    page, login, sales, language, axe_violations
):
    from tests.factories.catalog import vendor_member

    login(vendor_member(sales[0].vendor, Role.OWNER))
    choose_language(page, language)

    response = page.goto("/vendor/statistics/")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("svg.agora-chart__svg").count() >= 3
    assert axe_violations() == []


def test_charts_fit_a_phone(page, login, sales):
    login(PlatformMemberFactory(role=Role.CURATOR))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/cms/statistics/buyers/")

    region = page.locator("#report-region")
    chart = region.locator("svg.agora-chart__svg")
    box = chart.bounding_box()
    assert box is not None and 0 < box["width"] <= 390
    # Each bar's label and value is drawn whole inside the chart.
    labels = region.locator("text.agora-chart__label").all()
    assert [label.text_content() for label in labels] == [
        "GermanyCNY 68,000",
        "ChinaCNY 1,360",
    ]
    for label in labels:
        text_box = label.bounding_box()
        assert text_box["x"] >= box["x"] - 1
        assert text_box["x"] + text_box["width"] <= box["x"] + box["width"] + 1
    assert region.get_by_role("table").count() == 1


def test_vendor_statistics_filter_without_javascript(browser, live_server, sales):
    from django.conf import settings
    from django.test import Client

    from tests.factories.catalog import vendor_member

    client = Client()
    client.force_login(vendor_member(sales[0].vendor, Role.OWNER))
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto("/vendor/statistics/")
        page.get_by_label("Period", exact=True).select_option("30d")
        page.get_by_label("Group by", exact=True).select_option("week")
        page.get_by_role("button", name="Show").click()

        assert "period=30d" in page.url and "grain=week" in page.url
        over_time = page.locator("#report-over-time")
        assert over_time.locator("tbody tr").first.locator("th").inner_text().lower()
        assert over_time.locator("tbody tr").count() in (5, 6)
        assert over_time.locator("svg.agora-chart__svg").is_visible()
    finally:
        context.close()


def test_vendor_statistics_need_nothing_the_security_policy_refuses(page, login, sales):
    from tests.factories.catalog import vendor_member

    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    login(vendor_member(sales[0].vendor, Role.OWNER))

    response = page.goto("/vendor/statistics/")
    page.wait_for_load_state("load")

    assert "style-src 'self'" in response.headers["content-security-policy"]
    # The stylesheet applies: the bars are drawn in the design's blue.
    fill = page.locator("rect.agora-chart__mark").first.evaluate(
        "(bar) => getComputedStyle(bar).fill"
    )
    assert fill == "rgb(0, 94, 162)"
    assert refused == []
