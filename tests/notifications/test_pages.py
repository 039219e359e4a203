"""The notifications pages: the list with its read marks (plain POST forms), the
header's unread count, and the preferences page with the user's language."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from notifications.models import Channels, Notification, NotificationPreference
from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    user = MembershipFactory().user
    client.force_login(user)
    return user


def test_the_list_shows_the_newest_first_and_marks_the_unread_in_words(
    client, reader, tell
):
    first = tell(reader, "O-1")
    tell(reader, "O-2")
    first.read_at = first.created_at
    first.save()
    tell(UserFactory(), "O-3")  # someone else's

    page = client.get("/notifications/").content.decode()

    assert page.index("Order O-2 is paid") < page.index("Order O-1 is paid")
    assert "O-3" not in page
    assert page.count('<span class="usa-tag agora-notification__tag">Unread') == 1
    assert "Notifications, 1 unread" in page


def test_the_unread_filter_shows_only_the_unread(client, reader, tell):
    read = tell(reader, "O-1")
    tell(reader, "O-2")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)

    page = client.get("/notifications/?show=unread").content.decode()

    assert "Order O-2 is paid" in page
    assert "Order O-1 is paid" not in page


def test_the_list_is_paged(client, reader, tell):
    for number in range(25):
        tell(reader, f"O-{number}")

    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()

    assert "Page 1 of 2" in first
    assert "Order O-24 is paid" in first
    assert "Order O-0 is paid" in second


def test_mark_read_is_a_form_that_works_without_javascript(client, reader, tell):
    notification = tell(reader, "O-1")

    response = client.post(
        f"/notifications/{notification.pk}/read/", {"next": "/notifications/?page=1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/notifications/?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_marks_only_ones_own(client, reader, tell):
    tell(reader, "O-1")
    tell(reader, "O-2")
    other = tell(UserFactory(), "O-3")

    response = client.post("/notifications/read/", follow=True)

    assert Notification.objects.filter(recipient=reader, read_at=None).count() == 0
    other.refresh_from_db()
    assert other.read_at is None
    assert "2 notifications are marked read." in response.content.decode()


def test_another_users_notification_is_not_found(client, reader, tell):
    other = tell(UserFactory(), "O-1")

    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(
    client, reader, tell
):
    notification = tell(reader, "O-1")

    response = client.get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/orders/O-1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_off_the_site_is_never_followed(client, reader, tell):
    notification = tell(reader, "O-1")
    Notification.objects.filter(pk=notification.pk).update(url="https://evil.example/")

    response = client.get(f"/notifications/{notification.pk}/")

    assert response["Location"] == "/notifications/"


def test_the_pages_need_a_login(client):
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_the_header_counts_unread_in_one_query(client, reader, tell):
    tell(reader, "O-1")
    tell(reader, "O-2")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/account/").content.decode()

    counted = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counted) == 1
    assert "COUNT(" in counted[0]
    assert "Notifications, 2 unread" in page
    assert '<span class="agora-count">2</span>' in page


def test_a_page_without_unread_says_notifications_plainly(client, reader):
    page = client.get("/account/").content.decode()

    assert 'href="/notifications/">Notifications</a>' in page


def test_the_preferences_page_shows_the_kinds_of_the_users_organizations(
    client, reader
):
    page = client.get("/notifications/preferences/").content.decode()

    # A buyer: buying kinds, not the vendors' or the curators'.
    assert "An order is paid" in page
    assert "A quote waits for your approval" in page
    assert "A new order is paid" not in page
    assert "An endorsement lapses soon" not in page


def test_preferences_are_saved_and_the_language_switches(client, reader):
    response = client.post(
        "/notifications/preferences/",
        {
            "language": "ja",
            "kind_order__paid": Channels.IN_APP,
            "kind_quote__approved": Channels.EMAIL,
        },
    )

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.language == "ja"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert dict(
        NotificationPreference.objects.filter(user=reader).values_list(
            "kind", "channels"
        )
    ) == {"order.paid": Channels.IN_APP, "quote.approved": Channels.EMAIL}
    page = client.get("/notifications/preferences/").content.decode()
    assert '<html lang="ja">' in page


def test_a_bad_choice_changes_nothing(client, reader):
    response = client.post(
        "/notifications/preferences/",
        {"language": "xx", "kind_order__paid": "carrier-pigeon"},
    )

    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.language == ""
    assert not NotificationPreference.objects.exists()


def test_following_the_browser_forgets_the_language_cookie(client, reader):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    response = client.post("/notifications/preferences/", {"language": ""})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""


def test_logging_in_switches_to_the_users_language(client):
    user = UserFactory(language="zh-hans")

    response = client.post(
        "/account/login/", {"username": user.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    translation.deactivate()


def test_titles_are_in_the_readers_language(client, reader, tell):
    tell(reader, "O-1")

    page = client.get(
        "/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    with translation.override("zh-hans"):
        title = Notification.objects.get(recipient=reader).title
    assert title in page
    assert '<html lang="zh-hans">' in page


def test_the_footer_language_switch_keeps_a_signed_in_users_choice(client, db):
    from tests.factories import UserFactory

    user = UserFactory(language="")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ja"
    user.refresh_from_db()
    assert user.language == "ja"
    client.logout()
    anonymous = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert anonymous.status_code == 302
    user.refresh_from_db()
    assert user.language == "ja"


@pytest.mark.parametrize(
    "next_url", ["abc", "x" * 5000, "//evil.example/", "javascript:1"]
)
def test_a_strange_next_goes_back_to_the_list(client, reader, tell, next_url):
    notification = tell(reader, "O-1")
    for path in (f"/notifications/{notification.pk}/read/", "/notifications/read/"):
        response = client.post(path, {"next": next_url})
        assert response.status_code == 302
        assert response["Location"] == "/notifications/"
