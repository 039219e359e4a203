"""Sign up, log in, log out and password reset through the web pages."""

import re

import pytest
from django.core import mail

from accounts.models import Membership, Organization, User
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Mei",
    "last_name": "Chen",
    "email": "Mei.Chen@Example.org",
    "password1": "lantern-river-7421",
    "password2": "lantern-river-7421",
}


def sign_up_and_verify(client, capture) -> tuple:
    """Sign up, then follow the e-mailed link: the sign-up's answer and the link's."""
    with capture(execute=True):
        signed_up = client.post("/account/signup/", SIGNUP)
    link = re.search(
        r"https?://[^/]+(/account/verify-email/\S+/)", mail.outbox[-1].body
    )
    return signed_up, client.post(link.group(1))


def test_sign_up_logs_in_and_asks_for_the_organization_once_verified(
    client, django_capture_on_commit_callbacks
):
    response, verified = sign_up_and_verify(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/account/verify-email/"
    assert verified["Location"] == "/account/organization/new/"
    user = User.objects.get()
    assert user.email == "mei.chen@example.org"
    assert user.check_password("lantern-river-7421")
    assert client.get("/account/").context["user"] == user


def test_setting_up_a_buyer_organization_makes_the_creator_its_administrator(
    client, django_capture_on_commit_callbacks
):
    sign_up_and_verify(client, django_capture_on_commit_callbacks)

    response = client.post(
        "/account/organization/new/",
        {
            "name": "Riverside County Public Works",
            "buyer_type": "municipal",
            "region": "CN",
            "locality": "Riverside",
        },
    )

    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.kind == "buyer"
    assert organization.buyer_type == "municipal"
    assert organization.allow_self_approval is False
    membership = Membership.objects.get()
    assert (membership.role, membership.is_admin) == ("approver", True)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "something-else-991"}, "password2", "The two passwords differ."),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_sign_up_with_bad_input_shows_the_error_and_creates_nothing(
    client, change, field, message
):
    response = client.post("/account/signup/", {**SIGNUP, **change})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == 0


def test_an_address_can_only_sign_up_once_whatever_its_case(client):
    UserFactory(email="mei.chen@example.org")

    response = client.post("/account/signup/", SIGNUP)

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this e-mail address already exists."
    ]
    assert User.objects.count() == 1


def test_log_in_with_the_email_in_any_case(client):
    user = UserFactory(email="jun.wang@example.org")

    response = client.post(
        "/account/login/", {"username": "JUN.WANG@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/account/").context["user"] == user


def test_log_in_with_a_wrong_password_is_refused(client):
    UserFactory(email="jun.wang@example.org")

    response = client.post(
        "/account/login/", {"username": "jun.wang@example.org", "password": "nope"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get("/account/").status_code == 302


def test_log_out_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post("/account/logout/")

    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


def test_account_pages_need_a_login(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/account/")


def test_password_reset_by_email(client):
    user = UserFactory(email="jun.wang@example.org")

    client.post("/account/password-reset/", {"email": "jun.wang@example.org"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jun.wang@example.org"]
    link = re.search(
        r"https?://[^/]+(/account/password-reset/\S+)", mail.outbox[0].body
    )
    form_page = client.get(link.group(1), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "amber-harbour-5520", "new_password2": "amber-harbour-5520"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("amber-harbour-5520")


def test_password_reset_for_an_unknown_address_sends_nothing(client):
    response = client.post("/account/password-reset/", {"email": "ghost@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_resets_are_limited_per_address(client, settings):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "2/hour"
    UserFactory(email="jun.wang@example.org")

    answers = [
        client.post(
            "/account/password-reset/",
            {"email": "Jun.Wang@example.org"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
        for n in range(3)
    ]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "Too many password reset requests" in answers[2].content.decode()
    assert len(mail.outbox) == 2


def test_password_resets_are_limited_per_client_address(client, settings):
    settings.PASSWORD_RESET_RATE_PER_IP = "3/hour"
    users = [UserFactory() for _ in range(4)]

    answers = [
        client.post("/account/password-reset/", {"email": user.email}) for user in users
    ]
    elsewhere = client.post(
        "/account/password-reset/",
        {"email": users[3].email},
        REMOTE_ADDR="198.51.100.20",
    )

    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 4


def test_the_limit_says_nothing_about_whether_an_account_exists(client, settings):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "1/hour"
    UserFactory(email="jun.wang@example.org")

    known = [
        client.post("/account/password-reset/", {"email": "jun.wang@example.org"})
        for _ in range(2)
    ]
    unknown = [
        client.post("/account/password-reset/", {"email": "ghost@example.org"})
        for _ in range(2)
    ]

    assert [r.status_code for r in known] == [r.status_code for r in unknown]


@pytest.mark.parametrize("next_url", ["abc", "//evil.example/", "/packages/"])
def test_switching_organization_goes_only_to_a_page_of_this_site(client, db, next_url):
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        "/account/organization/switch/",
        {"organization": membership.organization_id, "next": next_url},
    )
    assert response.status_code == 302
    expected = next_url if next_url == "/packages/" else "/account/"
    assert response["Location"] == expected
