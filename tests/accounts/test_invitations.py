"""Invitations: administrators invite by e-mail; the invitee joins in the given role."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Invitation, Membership, User
from accounts.services import invitation_accept, invitation_create, invitations_expire
from tests.factories import UserFactory

# The invitation e-mail leaves after the transaction commits, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def invitation_path(message) -> str:
    return re.search(r"(/account/invitations/[^/\s]+/)", message.body).group(1)


def test_an_administrator_invites_by_email(client, approver, buyer_org):
    client.force_login(approver)

    response = client.post(
        "/account/organization/members/",
        {"email": "Li.Na@example.org", "role": "viewer"},
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("li.na@example.org", "viewer")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li.na@example.org"]
    assert buyer_org.name in mail.outbox[0].subject


def test_the_invitee_signs_up_through_the_link_and_joins(client, approver, buyer_org):
    invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="viewer",
        invited_by=approver,
    )
    path = invitation_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]

    page = client.get(path)
    response = client.post(
        f"/account/signup/?invitation={token}",
        {
            "first_name": "Na",
            "last_name": "Li",
            "email": "li.na@example.org",
            "password1": "copper-valley-3318",
            "password2": "copper-valley-3318",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    membership = Membership.objects.get(user__email="li.na@example.org")
    assert (membership.organization, membership.role) == (buyer_org, "viewer")
    assert client.get(path).status_code == 404


def test_an_existing_user_accepts_after_logging_in(client, approver, buyer_org):
    invitee = UserFactory(email="li.na@example.org")
    invitation_create(
        organization=buyer_org,
        email=invitee.email,
        role="requester",
        invited_by=approver,
    )
    client.force_login(invitee)

    response = client.post(invitation_path(mail.outbox[0]))

    assert response.status_code == 302
    assert Membership.objects.get(user=invitee).role == "requester"


def test_an_invitation_for_someone_else_cannot_be_accepted(client, approver, buyer_org):
    invitation, _token = invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="requester",
        invited_by=approver,
    )
    intruder = UserFactory(email="intruder@example.org")

    with pytest.raises(ValidationError, match=r"sent to li\.na@example\.org"):
        invitation_accept(invitation=invitation, user=intruder)

    assert not Membership.objects.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_expired_invitation_is_refused(client, approver, buyer_org):
    invitation, _token = invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="requester",
        invited_by=approver,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(invitation_path(mail.outbox[0]))

    assert response.status_code == 404
    assert b"not valid" in response.content
    assert invitations_expire() == 1


def test_inviting_again_replaces_the_old_link(approver, buyer_org):
    first, first_token = invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="viewer",
        invited_by=approver,
    )

    second, second_token = invitation_create(
        organization=buyer_org,
        email="LI.NA@example.org",
        role="requester",
        invited_by=approver,
    )

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open
    assert first_token != second_token


def test_a_member_who_is_not_an_administrator_cannot_invite(
    client, requester, buyer_org
):
    client.force_login(requester)

    response = client.post(
        "/account/organization/members/",
        {"email": "li.na@example.org", "role": "viewer"},
    )

    assert response.status_code == 403
    assert Invitation.objects.count() == 0
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        invitation_create(
            organization=buyer_org,
            email="x@example.org",
            role="viewer",
            invited_by=requester,
        )


def test_a_role_of_another_kind_of_organization_is_refused(approver, buyer_org):
    with pytest.raises(ValidationError, match="role does not exist"):
        invitation_create(
            organization=buyer_org,
            email="li.na@example.org",
            role="owner",
            invited_by=approver,
        )

    assert Invitation.objects.count() == 0


def test_members_cannot_be_invited_twice(approver, requester, buyer_org):
    with pytest.raises(ValidationError, match="already a member"):
        invitation_create(
            organization=buyer_org,
            email=requester.email,
            role="viewer",
            invited_by=approver,
        )

    assert User.objects.filter(email=requester.email).count() == 1
    assert Invitation.objects.count() == 0


def test_open_invitations_show_on_the_invitee_dashboard(client, approver, buyer_org):
    invitee = UserFactory(email="li.na@example.org")
    invitation_create(
        organization=buyer_org,
        email="LI.NA@example.org",
        role="viewer",
        invited_by=approver,
    )
    client.force_login(invitee)

    page = client.get("/account/").content.decode()

    assert f"{buyer_org.name} invites you as Viewer." in page
