"""Staff (curators, finance, superusers: whoever reaches an admin) get shorter
sessions than buyers: STAFF_SESSION_AGE seconds since their last request, against
SESSION_COOKIE_AGE for everyone else, set at login and renewed on each request."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from tests.factories import MembershipFactory, PlatformMemberFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def curator():
    return PlatformMemberFactory(role=Role.CURATOR)


def finance():
    return PlatformMemberFactory(role=Role.FINANCE)


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def django_admin_staff():
    return UserFactory(is_staff=True)


STAFF = [curator, finance, superuser, django_admin_staff]


def log_in(client, user):
    return client.post(
        "/account/login/", {"username": user.email, "password": PASSWORD}
    )


def session_cookie_age(response) -> int:
    return int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"])


def test_staff_sessions_are_shorter_than_buyers_by_default():
    assert 0 < settings.STAFF_SESSION_AGE < settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize("staff", STAFF)
def test_staff_logging_in_get_a_staff_session(client, staff):
    response = log_in(client, staff())

    assert response.status_code == 302
    assert session_cookie_age(response) == settings.STAFF_SESSION_AGE
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_AGE


def test_a_buyer_logging_in_gets_the_ordinary_session(client):
    buyer = MembershipFactory(role=Role.APPROVER).user

    response = log_in(client, buyer)

    assert response.status_code == 302
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize("staff", STAFF)
def test_a_staff_session_opened_earlier_is_shortened_on_its_next_request(client, staff):
    client.force_login(staff())
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE

    response = client.get("/account/")

    assert response.status_code == 200
    assert session_cookie_age(response) == settings.STAFF_SESSION_AGE
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_AGE


def test_a_staff_session_ends_once_idle_for_the_staff_age_and_a_buyers_does_not(
    client, settings
):
    # The expiry the server keeps, checked here where time can be moved (the
    # database; the cache's TTL runs on Redis's clock). Browsers also drop the
    # cookie at its max-age, which the tests above check.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    buyer_client = Client()
    log_in(client, curator())
    log_in(buyer_client, MembershipFactory(role=Role.APPROVER).user)
    start = timezone.now()
    almost = timedelta(seconds=settings.STAFF_SESSION_AGE - 60)

    # A request before the staff age has passed renews it, twice.
    with time_machine.travel(start + almost):
        assert client.get("/cms/").status_code == 200
    with time_machine.travel(start + 2 * almost):
        assert client.get("/cms/").status_code == 200

    with time_machine.travel(start + 4 * almost):
        staff_response = client.get("/cms/")
        buyer_response = buyer_client.get("/account/")

    assert staff_response.status_code == 302
    assert staff_response["Location"].startswith("/account/login/")
    assert buyer_response.status_code == 200
