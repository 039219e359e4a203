"""Sign-up proves the e-mail address before the account can act: a signed link that
expires is e-mailed; until it is followed the user sees only "check your e-mail".
An invitation's own link proves the address too."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.services import invitation_create
from tests.factories import ApiKeyFactory, MembershipFactory, UserFactory

# E-mails leave after the transaction commits, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

SIGNUP = {
    "first_name": "Mei",
    "last_name": "Chen",
    "email": "Mei.Chen@Example.org",
    "password1": "lantern-river-7421",
    "password2": "lantern-river-7421",
}
CHECK = "/account/verify-email/"


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/account/verify-email/[^/\s]+/)", message.body)[1]


def invitation_path(message) -> str:
    return re.search(r"(/account/invitations/[^/\s]+/)", message.body)[1]


def test_sign_up_e_mails_a_link_and_asks_to_check_the_e_mail(client):
    response = client.post("/account/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == CHECK
    user = User.objects.get()
    assert user.email_verified is False
    assert [message.to for message in mail.outbox] == [["mei.chen@example.org"]]
    assert "Confirm your e-mail address" in mail.outbox[0].subject
    assert link_in(mail.outbox[0])
    page = client.get(CHECK).content.decode()
    assert "Check your e-mail" in page
    assert "mei.chen@example.org" in page


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/account/organization/new/",
        "/account/api-keys/",
        "/vendor/apply/",
        "/packages/",
        "/search/",
    ],
)
def test_an_unverified_user_reaches_nothing_else(client, path):
    client.post("/account/signup/", SIGNUP)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == CHECK


def test_an_unverified_user_cannot_act(client):
    client.post("/account/signup/", SIGNUP)

    created = client.post(
        "/account/organization/new/",
        {"name": "Riverside", "buyer_type": "municipal", "region": "CN"},
    )
    api = client.get("/api/v1/me/")

    assert created["Location"] == CHECK
    assert not Organization.objects.exists()
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "email_not_verified"


def test_an_unverified_user_can_log_out_and_back_in_to_the_check_page(client):
    client.post("/account/signup/", SIGNUP)
    client.post("/account/logout/")

    logged_in = client.post(
        "/account/login/",
        {"username": "mei.chen@example.org", "password": "lantern-river-7421"},
        follow=True,
    )

    assert logged_in.redirect_chain[-1][0] == CHECK
    assert "Check your e-mail" in logged_in.content.decode()


def test_the_link_verifies_the_address_and_the_account_can_act(client):
    client.post("/account/signup/", SIGNUP)
    link = link_in(mail.outbox[0])

    page = client.get(link)
    confirmed = client.post(link)

    assert "mei.chen@example.org" in page.content.decode()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/account/organization/new/"
    assert User.objects.get().email_verified is True
    assert client.get("/account/organization/new/").status_code == 200


def test_the_link_works_in_another_browser_too(client):
    client.post("/account/signup/", SIGNUP)
    link = link_in(mail.outbox[0])
    client.post("/account/logout/")

    confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/account/login/"
    assert User.objects.get().email_verified is True


def test_an_expired_link_is_refused(client, settings):
    settings.EMAIL_VERIFICATION_VALID_DAYS = 3
    client.post("/account/signup/", SIGNUP)
    link = link_in(mail.outbox[0])

    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        page = client.get(link)
        refused = client.post(link)

    assert page.status_code == 404
    assert "expired" in page.content.decode()
    assert refused.status_code == 404
    assert User.objects.get().email_verified is False


def test_an_altered_link_is_refused(client):
    client.post("/account/signup/", SIGNUP)
    other = UserFactory(email="other@example.org", email_verified_at=None)
    link = link_in(mail.outbox[0])
    # Signed, but for another purpose.
    forged = signing.dumps({"user": other.pk, "email": other.email}, salt="other")

    refused = [client.post(f"{CHECK}{forged}/"), client.post(link[:-3] + "xx/")]

    assert [response.status_code for response in refused] == [404, 404]
    assert not User.objects.filter(email_verified_at__isnull=False).exists()


def test_sending_the_link_again_is_limited(client, settings):
    settings.EMAIL_VERIFICATION_RESEND_RATE = "2/hour"
    client.post("/account/signup/", SIGNUP)

    sent = [client.post(CHECK + "resend/", follow=True) for _ in range(3)]

    assert [len(page.redirect_chain) for page in sent] == [1, 1, 1]
    assert "on its way" in sent[0].content.decode()
    assert "Too many e-mails" in sent[2].content.decode()
    assert len(mail.outbox) == 3  # at sign-up, then twice


def test_pending_invitations_are_shown_only_for_a_verified_address(
    client, approver, buyer_org
):
    invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="viewer",
        invited_by=approver,
    )
    claimant = UserFactory(email="li.na@example.org", email_verified_at=None)
    client.force_login(claimant)

    page = client.get(CHECK).content.decode()
    dashboard = client.get("/account/")

    assert buyer_org.name not in page
    assert dashboard["Location"] == CHECK
    User.objects.filter(pk=claimant.pk).update(email_verified_at=timezone.now())
    assert buyer_org.name in client.get("/account/").content.decode()


def test_accepting_an_invitation_through_its_link_proves_the_address(
    client, approver, buyer_org
):
    invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="viewer",
        invited_by=approver,
    )
    invitee = UserFactory(email="li.na@example.org", email_verified_at=None)
    client.force_login(invitee)
    path = invitation_path(mail.outbox[0])

    page = client.get(path)
    accepted = client.post(path)

    assert page.status_code == 200
    assert accepted["Location"] == "/account/"
    assert Membership.objects.get(user=invitee).organization == buyer_org
    invitee.refresh_from_db()
    assert invitee.email_verified is True


def test_signing_up_through_an_invitation_link_proves_the_address(
    client, approver, buyer_org
):
    invitation_create(
        organization=buyer_org,
        email="mei.chen@example.org",
        role="viewer",
        invited_by=approver,
    )
    token = invitation_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]

    response = client.post(f"/account/signup/?invitation={token}", SIGNUP)

    assert response["Location"] == "/account/"
    assert User.objects.get(email="mei.chen@example.org").email_verified is True
    assert len(mail.outbox) == 1  # the invitation; no verification e-mail


def test_superusers_made_on_the_command_line_are_verified(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "amber-harbour-5520")

    call_command("createsuperuser", "--noinput", email="root@example.org")

    assert User.objects.get(email="root@example.org").email_verified is True


def test_an_unverified_users_api_key_is_refused(api_client):
    membership = MembershipFactory(user__email_verified_at=None)
    _key, secret = ApiKeyFactory.create(
        user=membership.user, organization=membership.organization
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert api_client.get("/api/v1/me/").status_code == 401


def test_the_demo_accounts_are_verified():
    from marketplace.demo.accounts import seed_accounts

    accounts = seed_accounts()

    emails = [account.email for account in accounts]
    assert (
        User.objects.filter(email__in=emails, email_verified_at__isnull=True).count()
        == 0
    )
    assert User.objects.filter(email__in=emails).count() == len(emails)


def test_a_password_reset_through_its_e_mailed_link_proves_the_address(client):
    user = UserFactory(email="jun.wang@example.org", email_verified_at=None)
    client.post("/account/password-reset/", {"email": user.email})
    link = re.search(
        r"https?://[^/]+(/account/password-reset/\S+)", mail.outbox[0].body
    )
    form = client.get(link[1], follow=True)

    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "amber-harbour-5520", "new_password2": "amber-harbour-5520"},
    )

    user.refresh_from_db()
    assert user.email_verified is True
