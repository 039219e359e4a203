"""Password guessing is locked out per account and address (django-axes)."""

import pytest

from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, email, password, address="203.0.113.7"):
    return client.post(
        "/account/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = UserFactory(email="jun.wang@example.org")
    for _ in range(4):
        assert attempt(client, user.email, "wrong-guess").status_code == 200

    fifth = attempt(client, "JUN.WANG@example.org", "wrong-guess")
    with_the_right_password = attempt(client, user.email, PASSWORD)

    assert fifth.status_code == 429
    assert with_the_right_password.status_code == 429
    assert b"Too many attempts" in with_the_right_password.content
    assert b"Try again in 15 minutes" in with_the_right_password.content
    assert "_auth_user_id" not in client.session


def test_the_lockout_does_not_reach_other_addresses(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    for _ in range(3):
        attempt(client, user.email, "wrong-guess")

    response = attempt(client, user.email, PASSWORD, address="198.51.100.20")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_successful_login_resets_the_count(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    attempt(client, user.email, "wrong-guess")
    attempt(client, user.email, "wrong-guess")
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post("/account/logout/")

    attempt(client, user.email, "wrong-guess")
    attempt(client, user.email, "wrong-guess")
    response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 302


def test_the_wagtail_admin_login_is_protected_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    for _ in range(2):
        client.post(
            "/cms/login/",
            {"username": user.email, "password": "wrong-guess"},
            REMOTE_ADDR="203.0.113.7",
        )

    response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 6
    users = [UserFactory() for _ in range(7)]
    # One wrong password for each of six accounts: no account reaches its limit.
    for user in users[:6]:
        assert attempt(client, user.email, "wrong-guess").status_code in (200, 429)

    blocked = attempt(client, users[6].email, PASSWORD)
    elsewhere = attempt(client, users[6].email, PASSWORD, address="198.51.100.20")

    assert blocked.status_code == 429
    assert b"Too many failed logins from your address" in blocked.content
    assert elsewhere.status_code == 302


def test_logging_into_ones_own_account_does_not_reset_the_address_count(
    client, settings
):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 4
    own = UserFactory()
    others = [UserFactory() for _ in range(4)]
    for user in others[:2]:
        attempt(client, user.email, "wrong-guess")
    assert attempt(client, own.email, PASSWORD).status_code == 302
    client.post("/account/logout/")
    for user in others[2:]:
        attempt(client, user.email, "wrong-guess")

    response = attempt(client, own.email, PASSWORD)

    assert response.status_code == 429
