import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils.module_loading import import_string

from accounts.roles import OrganizationKind, Role
from notifications.models import Notification
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.catalog import VendorFactory, vendor_member


class FailingOnceBackend(EmailBackend):
    """The test mail server: refuses the first message it is given (as an SMTP
    server that is briefly out of reach), then takes them all."""

    failures = 1

    def send_messages(self, messages):
        if type(self).failures > 0:
            type(self).failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    """The mail server fails the next `failures` sends (default one), then works."""
    settings.EMAIL_BACKEND = "tests.notifications.conftest.FailingOnceBackend"
    # The class Django loads, which need not be this module's (pytest imports
    # conftest files its own way).
    backend = import_string(settings.EMAIL_BACKEND)

    def fail(failures: int = 1) -> None:
        backend.failures = failures

    fail()
    yield fail
    backend.failures = 0


@pytest.fixture
def county(db):
    """A municipal buyer: a requester, an approver who administers it, and a
    viewer."""
    organization = OrganizationFactory(
        kind=OrganizationKind.BUYER, name="Riverside County"
    )
    return {
        "organization": organization,
        "requester": MembershipFactory(
            organization=organization, role=Role.REQUESTER
        ).user,
        "admin": MembershipFactory(
            organization=organization, role=Role.APPROVER, is_admin=True
        ).user,
        "viewer": MembershipFactory(organization=organization, role=Role.VIEWER).user,
    }


@pytest.fixture
def seller(db):
    """A verified vendor with an owner, a publisher and a fulfilment member."""
    vendor = VendorFactory(organization__name="Lanxin IoT")
    return {
        "vendor": vendor,
        "owner": vendor_member(vendor, Role.OWNER),
        "publisher": vendor_member(vendor, Role.PUBLISHER),
        "fulfilment": vendor_member(vendor, Role.FULFILMENT),
    }


@pytest.fixture
def told():
    """`told(kind)`: {recipient: number of notifications of the kind}."""

    def count(kind: str) -> dict:
        counts: dict = {}
        for notification in Notification.objects.filter(kind=kind).select_related(
            "recipient"
        ):
            counts[notification.recipient] = counts.get(notification.recipient, 0) + 1
        return counts

    return count


@pytest.fixture
def tell():
    """`tell(user, number, kind="order.paid")`: notify the user of an order's event,
    through the service; the stored notification."""
    from notifications.services import notify

    def told(user, number: str, kind: str = "order.paid") -> Notification:
        notify(
            kind=kind,
            recipients=[user],
            key=f"order:{number}:paid",
            params={"order": number, "amount": "CNY 10.00"},
            url=f"/orders/{number}/",
        )
        return Notification.objects.get(recipient=user, key=f"order:{number}:paid")

    return told
