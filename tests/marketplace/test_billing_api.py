"""A subscription in API v1: its billing and every charge, and automatic renewal
turned on or off; bad input answers 400, another organization's subscription 404."""

from datetime import date

import pytest

from accounts.roles import Role
from marketplace.models import Order, OrderKind
from marketplace.services.billing.runs import billing_run
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(monthly_subscription):
    """4 units a month, charged again on February 28th."""
    subscription = monthly_subscription(quantity=4)
    billing_run(day=date(2026, 2, 28))
    return subscription


@pytest.fixture
def client_of(api_client_for):
    """`client_of(subscription, role)`: an API client of a new member of the
    subscription's organization."""

    def client(subscription, role=Role.REQUESTER):
        organization = subscription.organization
        user = MembershipFactory(organization=organization, role=role).user
        return api_client_for(user, organization)

    return client


def test_a_subscription_shows_its_billing_and_every_charge(subscription, client_of):
    first = subscription.order_line.vendor_order.order
    renewal = Order.objects.get(kind=OrderKind.RENEWAL)

    response = client_of(subscription).get(f"/api/v1/subscriptions/{subscription.pk}/")

    assert response.status_code == 200, response.content
    data = response.json()
    # The list's item, as it is.
    listed = client_of(subscription).get("/api/v1/subscriptions/").json()[0]
    assert {key: data[key] for key in listed} == listed
    assert data["billing"] == {
        "period": "monthly",
        "period_start": "2026-02-28",
        "period_end": "2026-03-31",
        "next_charge_at": "2026-03-31",
        "auto_renew": True,
    }
    currency = first.currency
    assert data["charges"] == [
        {
            "order": first.number,
            "kind": "initial",
            "quantity": 4,
            # The first charge paid the first month.
            "period_start": "2026-01-31",
            "period_end": "2026-02-28",
            "amount": {"amount": 40_000, "currency": currency},
            "status": "paid",
            "at": data["charges"][0]["at"],
        },
        {
            "order": renewal.number,
            "kind": "renewal",
            "quantity": 4,
            "period_start": "2026-02-28",
            "period_end": "2026-03-31",
            "amount": {"amount": 40_000, "currency": currency},
            "status": "pending_payment",
            "at": data["charges"][1]["at"],
        },
    ]
    assert data["charges"][1]["at"].startswith(f"{renewal.placed_at:%Y-%m-%d}")


def test_a_buyer_turns_automatic_renewal_off_and_on(subscription, client_of):
    client = client_of(subscription)
    url = f"/api/v1/subscriptions/{subscription.pk}/"

    off = client.patch(url, {"auto_renew": False}, format="json")
    on = client.patch(url, {"auto_renew": True}, format="json")

    assert off.status_code == 200, off.content
    assert off.json()["billing"]["auto_renew"] is False
    assert on.json()["billing"]["auto_renew"] is True
    subscription.refresh_from_db()
    assert subscription.auto_renew is True


@pytest.mark.parametrize(
    "body", [{}, {"auto_renew": None}, {"auto_renew": "sometimes"}, {"auto": False}]
)
def test_bad_input_answers_400_and_changes_nothing(subscription, client_of, body):
    response = client_of(subscription).patch(
        f"/api/v1/subscriptions/{subscription.pk}/", body, format="json"
    )

    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["attr"] == "auto_renew"
    subscription.refresh_from_db()
    assert subscription.auto_renew is True


def test_a_viewer_reads_but_does_not_change_renewal(subscription, client_of):
    viewer = client_of(subscription, Role.VIEWER)
    url = f"/api/v1/subscriptions/{subscription.pk}/"

    assert viewer.get(url).status_code == 200
    refused = viewer.patch(url, {"auto_renew": False}, format="json")

    assert refused.status_code == 403
    subscription.refresh_from_db()
    assert subscription.auto_renew is True


def test_another_organization_is_told_it_is_not_there(
    subscription, monthly_subscription, client_of
):
    theirs = client_of(monthly_subscription())
    url = f"/api/v1/subscriptions/{subscription.pk}/"

    assert theirs.get(url).status_code == 404
    assert theirs.patch(url, {"auto_renew": False}, format="json").status_code == 404
    assert theirs.get("/api/v1/subscriptions/999999/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.auto_renew is True
