"""The SSRF guard with production's settings: endpoints must be https and public,
when saved and again when connecting."""

import socket

import pytest
from django.core.exceptions import ValidationError

from tests.factories.catalog import VendorFactory
from vendors.models import DeliveryAttempt, WebhookEndpoint
from vendors.webhooks import outbox
from vendors.webhooks.delivery import delivery_attempt
from vendors.webhooks.endpoints import endpoint_save
from vendors.webhooks.ssrf import url_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.WEBHOOKS_REQUIRE_HTTPS = True


@pytest.fixture
def private_name(monkeypatch):
    """`intranet.example` resolves to a private address (and only it is faked)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "intranet.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://[::1]/hooks",
        "https://10.0.0.1/hooks",
        "https://172.16.0.1/hooks",
        "https://192.168.1.1/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:10.0.0.1]/hooks",
        # 6to4 (2002::/16) and Teredo (2001::/32) carry an IPv4 address inside:
        # 10.0.0.1 and 192.168.1.1 through 6to4, 10.0.0.1 as a Teredo client.
        "https://[2002:a00:1::1]/hooks",
        "https://[2002:c0a8:101::1]/hooks",
        "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hooks",
        "https://0.0.0.0/hooks",
        "https://224.0.0.1/hooks",
        "https://localhost/hooks",
        "https://intranet.example/hooks",
    ],
)
def test_private_loopback_and_reserved_addresses_are_refused(
    production, private_name, url
):
    with pytest.raises(ValidationError) as refused:
        url_check(url)
    assert refused.value.code == "address"
    assert "public internet" in refused.value.messages[0]


def test_plain_http_and_credentials_in_the_url_are_refused(production):
    with pytest.raises(ValidationError) as refused:
        url_check("http://93.184.215.14/hooks")
    assert refused.value.code == "scheme"
    with pytest.raises(ValidationError) as refused:
        url_check("https://user:pw@93.184.215.14/hooks")
    assert refused.value.code == "credentials"


def test_a_public_address_is_accepted(production):
    url_check("https://93.184.215.14/hooks")  # no DNS needed: a literal address
    # 6to4 of that public address.
    url_check("https://[2002:5db8:d70e::1]/hooks")


def test_saving_a_refused_url_changes_nothing(production, private_name):
    vendor = VendorFactory()
    with pytest.raises(ValidationError):
        endpoint_save(vendor=vendor, url="https://intranet.example/hooks")
    assert not WebhookEndpoint.objects.exists()


def test_the_address_is_checked_again_when_connecting(settings, receiver, private_name):
    # Saved while loopback was allowed; by the time of the delivery it is not (as
    # when a name is re-pointed at an internal address after it was checked).
    vendor = VendorFactory()
    endpoint_save(vendor=vendor, url=receiver.url)
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    delivery = outbox.enqueue(vendor=vendor, event_type="ping", data={})

    assert delivery_attempt(delivery.pk) == "retry"

    assert receiver.requests == []
    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code is None
    assert "refused" in attempt.error and "127.0.0.1" in attempt.error
