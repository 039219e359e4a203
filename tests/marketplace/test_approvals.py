"""Approving quotes: return with a comment, reject for good, two approvers above
an amount, and an organization nobody in which could approve."""

import io

import pytest
from pypdf import PdfReader

from accounts.roles import OrganizationKind, Role
from marketplace.models import Package, Quote
from marketplace.services.quote_pdf import quote_pdf
from notifications.models import Notification
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def notified(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_return_with_comment_then_ask_again_and_approve(buyers, compose, client):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    approver = buyers["approver_user"]
    assert len(notified(approver, "quote.awaiting_approval")) == 1

    # Returning needs a reason, and without one nothing changes.
    refused = buyers["approver"].post(f"/api/v1/quotes/{quote['id']}/return/", {})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["attr"] == "comment"
    blank = buyers["approver"].post(
        f"/api/v1/quotes/{quote['id']}/return/", {"comment": "   "}
    )
    assert blank.status_code == 400
    assert Quote.objects.get(pk=quote["id"]).status == "pending"

    returned = buyers["approver"].post(
        f"/api/v1/quotes/{quote['id']}/return/",
        {"comment": "Take 30 manhole sensors for the pilot, not 40."},
    )
    assert returned.status_code == 200, returned.content
    body = returned.json()
    assert body["status"] == "returned"
    assert [entry["decision"] for entry in body["history"]] == ["requested", "returned"]
    assert body["history"][1]["by"] == approver.email
    assert body["history"][1]["comment"].startswith("Take 30 manhole sensors")
    requester = Quote.objects.get(pk=quote["id"]).requested_by
    (told,) = notified(requester, "quote.returned")
    assert told.url == f"/quotes/{quote['id']}/"

    # A returned quote is closed: it cannot be approved any more.
    late = buyers["approver"].post(f"/api/v1/quotes/{quote['id']}/approve/")
    assert late.status_code == 400
    assert Quote.objects.get(pk=quote["id"]).status == "returned"

    # The requester changes the package and asks again; the approver approves.
    client.force_login(requester)
    line = package["lines"][0]
    client.post(
        f"/packages/{package['id']}/lines/{line['id']}/",
        {"quantity": 30, "phase": 1, "site": ""},
    )
    assert Package.objects.get(pk=package["id"]).lines.get(pk=line["id"]).quantity == 30
    again = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    approved = (
        buyers["approver"]
        .post(f"/api/v1/quotes/{again['id']}/approve/", {"comment": "Fine."})
        .json()
    )
    assert approved["status"] == "approved"
    assert [entry["decision"] for entry in approved["history"]] == [
        "requested",
        "approved",
    ]
    listed = buyers["requester"].get("/api/v1/quotes/").json()["results"]
    assert [(q["number"], q["status"]) for q in listed] == [
        (again["number"], "approved"),
        (quote["number"], "returned"),
    ]
    assert len(notified(requester, "quote.approved")) == 1


def test_reject_is_final_and_shown_in_the_pdf(buyers, compose):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    rejected = buyers["approver"].post(
        f"/api/v1/quotes/{quote['id']}/reject/",
        {"comment": "The district has no budget for cameras this year."},
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    again = buyers["approver"].post(
        f"/api/v1/quotes/{quote['id']}/return/", {"comment": "Second thoughts"}
    )
    assert again.status_code == 400
    ordered = buyers["requester"].post(
        f"/api/v1/quotes/{quote['id']}/order/", {"payment_method": "invoice"}
    )
    assert ordered.status_code == 400

    requester = Quote.objects.get(pk=quote["id"]).requested_by
    assert len(notified(requester, "quote.rejected")) == 1
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(quote_pdf(Quote.objects.get(pk=quote["id"])))
        ).pages
    )
    assert "Approval history" in text
    assert "Rejected" in text
    assert "no budget for cameras" in text


def test_another_organization_cannot_decide(buyers, compose):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    for action in ("approve", "return", "reject"):
        response = buyers["other"].post(
            f"/api/v1/quotes/{quote['id']}/{action}/", {"comment": "no"}
        )
        assert response.status_code == 404
    assert Quote.objects.get(pk=quote["id"]).status == "pending"


@pytest.fixture
def dual(db, api_client_for, compose):
    """An organization where quotes over CNY 1,000.00 need two approvers: two
    approvers and a requester, and a quote of CNY 31,280.00 (46 units at 680.00)."""
    county = OrganizationFactory(
        kind=OrganizationKind.BUYER,
        second_approval_above=100_000,
        second_approval_currency="CNY",
    )
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    first = MembershipFactory(organization=county, role=Role.APPROVER).user
    second = MembershipFactory(organization=county, role=Role.APPROVER).user
    clients = {
        user: api_client_for(user, county) for user in (requester, first, second)
    }
    package = compose(clients[requester])
    quote = clients[requester].post(f"/api/v1/packages/{package['id']}/quote/")
    assert quote.status_code == 201, quote.content
    return county, clients, (requester, first, second), quote.json()


def test_two_different_approvers_above_the_amount(dual):
    _county, clients, (_requester, first, second), quote = dual
    assert quote["approvals_needed"] == 2

    once = clients[first].post(f"/api/v1/quotes/{quote['id']}/approve/").json()
    assert once["status"] == "pending"
    # The same approver approving again counts once.
    twice = clients[first].post(f"/api/v1/quotes/{quote['id']}/approve/").json()
    assert twice["status"] == "pending"
    assert [e["decision"] for e in twice["history"]] == ["requested", "approved"]

    done = clients[second].post(f"/api/v1/quotes/{quote['id']}/approve/").json()
    assert done["status"] == "approved"
    assert [e["by"] for e in done["history"][1:]] == [first.email, second.email]


def test_below_the_amount_one_approval_is_enough(db, api_client_for, compose):
    county = OrganizationFactory(
        kind=OrganizationKind.BUYER,
        second_approval_above=10_000_000,
        second_approval_currency="CNY",
    )
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    package = compose(api_client_for(requester, county))
    quote = (
        api_client_for(requester, county)
        .post(f"/api/v1/packages/{package['id']}/quote/")
        .json()
    )
    assert quote["approvals_needed"] == 1
    approved = (
        api_client_for(approver, county)
        .post(f"/api/v1/quotes/{quote['id']}/approve/")
        .json()
    )
    assert approved["status"] == "approved"


def test_a_second_approver_who_is_missing_is_said_at_once(db, api_client_for, compose):
    county = OrganizationFactory(
        kind=OrganizationKind.BUYER,
        second_approval_above=100_000,
        second_approval_currency="CNY",
    )
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    MembershipFactory(organization=county, role=Role.APPROVER)
    client = api_client_for(requester, county)
    package = compose(client)
    response = client.post(f"/api/v1/packages/{package['id']}/quote/")
    assert response.status_code == 400
    assert "two different approvers" in str(response.json())
    assert not Quote.objects.exists()


def test_no_approver_is_said_at_once_with_who_can_fix_it(
    db, api_client_for, compose, plans, client
):
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Acme Retail")
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    MembershipFactory(
        organization=county,
        role=Role.REQUESTER,
        is_admin=True,
        user__first_name="Wei",
        user__last_name="Zhang",
    )
    api = api_client_for(requester, county)
    package = compose(api)
    response = api.post(f"/api/v1/packages/{package['id']}/quote/")
    assert response.status_code == 400
    message = str(response.json())
    assert "Nobody in Acme Retail can approve" in message
    assert "Wei Zhang" in message
    assert not Quote.objects.exists()

    # "Buy now" says the same, and leaves no package behind.
    client.force_login(requester)
    packages = Package.objects.count()
    bought = client.post(
        "/buy-now/",
        {"plan": plans[0].pk, "quantity": 1, "payment_method": "invoice"},
        follow=True,
    )
    assert "Wei Zhang" in bought.content.decode()
    assert Package.objects.count() == packages

    # The package page says it instead of offering the button.
    page = client.get(f"/packages/{package['id']}/").content.decode()
    assert "Nobody in Acme Retail can approve" in page
    assert "Ask for a quote" not in page
    # And the members page warns.
    members = client.get("/account/organization/members/").content.decode()
    assert "No member can approve quotes" in members


def test_inbox_lists_what_waits_oldest_first_with_the_budget(buyers, compose, client):
    first = compose(buyers["requester"])
    Package.objects.filter(pk=first["id"]).update(budget=1_000_000)
    older = buyers["requester"].post(f"/api/v1/packages/{first['id']}/quote/").json()
    second = compose(buyers["requester"])
    newer = buyers["requester"].post(f"/api/v1/packages/{second['id']}/quote/").json()
    approver = buyers["approver_user"]

    client.force_login(approver)
    page = client.get("/approvals/").content.decode()
    assert page.index(older["number"]) < page.index(newer["number"])
    # 46 units at 680.00 against a budget of 10,000.00.
    assert "CNY 31,280.00" in page
    assert "Over by CNY 21,280.00" in page
    assert "Approvals, 2 waiting" in page  # the header's count, for screen readers
    # On a phone, the menu button counts both: two quotes, two notifications.
    assert "(4 new)" in page

    client.post(
        f"/quotes/{older['id']}/decide/",
        {"decision": "return", "comment": "Split the cameras into phase 2."},
    )
    page = client.get("/approvals/").content.decode()
    assert older["number"] not in page and newer["number"] in page
    assert "Approvals, 1 waiting" in page

    # The requester has no inbox link; their own page shows the comment.
    requester = Quote.objects.get(pk=older["id"]).requested_by
    client.force_login(requester)
    quote_page = client.get(f"/quotes/{older['id']}/").content.decode()
    assert "Split the cameras into phase 2." in quote_page
    assert "/approvals/" not in client.get("/packages/").content.decode()


def test_a_decision_without_its_reason_keeps_the_typed_text(buyers, compose, client):
    package = compose(buyers["requester"])
    quote = buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/").json()
    client.force_login(buyers["approver_user"])
    response = client.post(
        f"/quotes/{quote['id']}/decide/", {"decision": "reject", "comment": ""}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Say why" in page
    assert Quote.objects.get(pk=quote["id"]).status == "pending"
    long = "x" * 2001
    client.post(
        f"/quotes/{quote['id']}/decide/", {"decision": "return", "comment": long}
    )
    page = client.get(f"/quotes/{quote['id']}/").content.decode()
    assert Quote.objects.get(pk=quote["id"]).status == "pending"
    bogus = client.post(f"/quotes/{quote['id']}/decide/", {"decision": "shrug"})
    assert bogus.status_code == 302
    assert Quote.objects.get(pk=quote["id"]).status == "pending"


def test_an_administrator_sets_the_amount_for_a_second_approver(client, db):
    county = OrganizationFactory(kind=OrganizationKind.BUYER)
    admin = MembershipFactory(organization=county, role=Role.APPROVER, is_admin=True)
    client.force_login(admin.user)
    form = {
        "name": county.name,
        "fiscal_year_start_month": "1",
        "language": "en",
        "second_approval_above": "500000.00",
        "second_approval_currency": "CNY",
    }
    assert client.post("/account/organization/settings/", form).status_code == 302
    county.refresh_from_db()
    assert (county.second_approval_above, county.second_approval_currency) == (
        50_000_000,
        "CNY",
    )
    page = client.get("/account/organization/settings/").content.decode()
    assert 'value="500000.00"' in page

    refused = client.post(
        "/account/organization/settings/", {**form, "second_approval_above": "-1"}
    )
    assert refused.status_code == 200
    county.refresh_from_db()
    assert county.second_approval_above == 50_000_000

    client.post(
        "/account/organization/settings/", {**form, "second_approval_above": ""}
    )
    county.refresh_from_db()
    assert county.second_approval_above is None


def test_the_second_approval_amount_is_in_yen_without_decimals(client, db):
    county = OrganizationFactory(kind=OrganizationKind.BUYER)
    admin = MembershipFactory(organization=county, role=Role.APPROVER, is_admin=True)
    client.force_login(admin.user)
    form = {
        "name": county.name,
        "fiscal_year_start_month": "1",
        "language": "en",
        "second_approval_above": "5000000.50",
        "second_approval_currency": "JPY",
    }

    refused = client.post("/account/organization/settings/", form)
    saved = client.post(
        "/account/organization/settings/", {**form, "second_approval_above": "5000000"}
    )

    assert "JPY amounts are whole numbers" in refused.content.decode()
    assert saved.status_code == 302
    county.refresh_from_db()
    assert (county.second_approval_above, county.second_approval_currency) == (
        5_000_000,
        "JPY",
    )


def test_the_inbox_shows_ten_quotes_a_page(buyers, compose, client):
    for _ in range(11):
        package = compose(buyers["requester"])
        buyers["requester"].post(f"/api/v1/packages/{package['id']}/quote/")
    client.force_login(buyers["approver_user"])
    first = client.get("/approvals/").content.decode()
    second = client.get("/approvals/?page=2").content.decode()
    assert first.count("Review and decide on") == 10
    assert second.count("Review and decide on") == 1
    assert "Approvals, 11 waiting" in first
