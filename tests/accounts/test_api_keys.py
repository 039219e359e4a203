"""API keys: shown once, stored hashed, revocable, last-used time, act for their
user."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.api_keys import api_key_create, api_key_revoke
from accounts.models import ApiKey
from tests.factories import MembershipFactory


@pytest.fixture
def key(requester):
    api_key, secret = api_key_create(user=requester, name="ERP integration")
    return api_key, secret


def test_the_key_is_stored_only_as_a_hash(key):
    api_key, secret = key

    stored = ApiKey.objects.get(pk=api_key.pk)
    assert secret.startswith("agora_")
    assert secret not in {stored.key_hash, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix)
    assert len(stored.key_hash) == 64


def test_a_valid_key_authenticates_as_its_user(api_client, key, requester, buyer_org):
    api_key, secret = key

    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == requester.email
    assert body["acting_for"]["organization"]["slug"] == buyer_org.slug
    assert body["acting_for"]["role"] == "requester"
    assert "quote.approve" not in body["acting_for"]["capabilities"]
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_a_revoked_key_is_refused(api_client, key, requester):
    api_key, secret = key
    api_key_revoke(api_key=api_key, user=requester)

    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"
    assert response.json()["errors"][0]["detail"] == "Invalid or revoked API key."


@pytest.mark.parametrize(
    "header",
    [
        "Bearer agora_00000000_not-a-real-key",
        "Bearer something-else",
        "Bearer",
        "Bearer two words",
    ],
)
def test_a_wrong_key_is_refused(api_client, key, header):
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["type"] == "client_error"


def test_a_key_of_a_disabled_user_is_refused(api_client, key, requester):
    _api_key, secret = key
    requester.is_active = False
    requester.save()

    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 401


def test_only_the_owner_can_revoke_a_key(key):
    api_key, _secret = key
    stranger = MembershipFactory().user

    with pytest.raises(Exception, match="someone else"):
        api_key_revoke(api_key=api_key, user=stranger)

    api_key.refresh_from_db()
    assert api_key.revoked_at is None


def test_last_used_is_written_at_most_once_a_minute(api_client, key):
    api_key, secret = key
    api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    api_key.refresh_from_db()
    first = api_key.last_used_at

    api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    api_key.refresh_from_db()
    assert api_key.last_used_at == first
    assert timezone.now() - first < timezone.timedelta(minutes=1)


def test_create_api_key_command_prints_a_working_key_last(api_client, requester):
    out, err = StringIO(), StringIO()

    call_command("create_api_key", requester.email.upper(), stdout=out, stderr=err)

    secret = (err.getvalue() + out.getvalue()).split()[-1]
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == requester.email


@pytest.mark.django_db
def test_create_api_key_command_rejects_an_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_key", "nobody@example.org", stdout=StringIO())

    assert ApiKey.objects.count() == 0


def test_api_keys_page_shows_a_new_key_once(client, requester):
    client.force_login(requester)

    created = client.post("/account/api-keys/", {"name": "Procurement system"})
    listed = client.get("/account/api-keys/")

    key = ApiKey.objects.get(user=requester)
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    assert b"Copy it now" in created.content
    assert key.prefix.encode() in listed.content
    assert b"Copy it now" not in listed.content


def test_revoking_from_the_page_with_htmx_answers_the_updated_row(
    client, key, requester
):
    api_key, _secret = key
    client.force_login(requester)

    response = client.post(
        f"/account/api-keys/{api_key.pk}/revoke/", HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith("<tr>")
    assert "Revoked on" in html
    assert "<html" not in html
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None


def test_api_keys_page_revokes(client, key, requester):
    api_key, _secret = key
    client.force_login(requester)

    response = client.post(f"/account/api-keys/{api_key.pk}/revoke/")

    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
