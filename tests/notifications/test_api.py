"""API v1: GET /api/v1/notifications/ (paged, `unread=true`) and
POST /api/v1/notifications/{id}/read/, each caller seeing only their own."""

import pytest
from django.utils import translation

from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(api_client_for):
    membership = MembershipFactory()
    client = api_client_for(membership.user, membership.organization)
    return membership.user, client


def test_the_list_is_the_callers_newest_first(caller, tell):
    user, client = caller
    older = tell(user, "O-1")
    newer = tell(user, "O-2")
    tell(UserFactory(), "O-3")

    answer = client.get("/api/v1/notifications/")

    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    assert body["results"][0] == {
        "id": newer.pk,
        "kind": "order.paid",
        "created_at": body["results"][0]["created_at"],
        "read_at": None,
        "title": "Order O-2 is paid",
        "url": "http://testserver/orders/O-2/",
    }


def test_unread_true_lists_only_the_unread(caller, tell):
    user, client = caller
    read = tell(user, "O-1")
    unread = tell(user, "O-2")
    client.post(f"/api/v1/notifications/{read.pk}/read/")

    only_unread = client.get("/api/v1/notifications/?unread=true").json()
    everything = client.get("/api/v1/notifications/?unread=false").json()

    assert [item["id"] for item in only_unread["results"]] == [unread.pk]
    assert everything["count"] == 2


def test_a_bad_filter_answers_400_naming_it(caller):
    _user, client = caller

    answer = client.get("/api/v1/notifications/?unread=maybe")

    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["attr"] == "unread"
    assert "true" in error["detail"]


def test_reading_marks_read_once(caller, tell):
    user, client = caller
    notification = tell(user, "O-1")

    first = client.post(f"/api/v1/notifications/{notification.pk}/read/")
    again = client.post(f"/api/v1/notifications/{notification.pk}/read/")

    assert first.status_code == again.status_code == 200
    assert first.json()["read_at"] is not None
    assert first.json()["read_at"] == again.json()["read_at"]


def test_another_users_notification_answers_404(caller, tell):
    _user, client = caller
    other = tell(UserFactory(), "O-1")

    answer = client.post(f"/api/v1/notifications/{other.pk}/read/")

    assert answer.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_titles_are_in_the_requests_language(caller, tell):
    user, client = caller
    notification = tell(user, "O-1")

    answer = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="ja")

    with translation.override("ja"):
        title = notification.title
    assert answer.json()["results"][0]["title"] == title


def test_anonymous_callers_are_refused(api_client):
    assert api_client.get("/api/v1/notifications/").status_code == 401
