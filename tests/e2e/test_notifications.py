"""The notifications pages in Chromium: they pass axe-core's WCAG 2.1 A and AA scan
(with unread and read items, and on a phone's width), and marking read works
with JavaScript off."""

import pytest

from accounts.roles import Role
from notifications.models import Notification
from notifications.services import notify
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.fixture
def reader(login):
    user = login(MembershipFactory(role=Role.APPROVER, is_admin=True).user)
    for number in range(1, 4):
        notify(
            kind="order.paid",
            recipients=[user],
            key=f"order:{number}:paid",
            params={"order": f"O-2026-00000{number}", "amount": "CNY 1,234.00"},
            url="/orders/",
        )
    first = Notification.objects.filter(recipient=user).order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    return user


def test_the_notifications_pages_pass_the_accessibility_scan(
    reader, page, assert_accessible
):
    assert_accessible("/notifications/")
    assert_accessible("/notifications/?show=unread")
    assert_accessible("/notifications/preferences/")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible("/notifications/")


def test_the_header_names_the_unread_count(reader, page):
    page.goto("/account/")

    link = page.get_by_role("link", name="Notifications, 2 unread")
    assert link.count() == 1


def test_marking_read_works_without_javascript(reader, browser, live_server):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(reader)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="en-GB"
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
    nojs = context.new_page()
    try:
        nojs.goto("/notifications/")
        # The button's name is "Mark read" and, for screen readers, the title.
        nojs.get_by_role("button", name="Order O-2026-000003 is paid").click()
        assert "The notification is marked read." in nojs.content()
        nojs.get_by_role("button", name="Mark all read").click()
        assert "1 notification is marked read." in nojs.content()
    finally:
        context.close()

    assert not Notification.objects.filter(recipient=reader, read_at=None).exists()
