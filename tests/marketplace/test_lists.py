"""The buyer's lists of quotes and orders, on the site and through the API: newest
first, filtered by status, package and date, paged, another organization's records
never shown, a bad filter answered 400, and a fixed number of queries a page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import OrderFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")


@pytest.fixture
def member(county):
    return MembershipFactory(organization=county, role=Role.REQUESTER).user


@pytest.fixture
def api(api_client_for, member, county):
    return api_client_for(member, county)


@pytest.fixture
def web(client, member):
    client.force_login(member)
    return client


def test_quotes_list_newest_first_and_only_the_organizations(api, county):
    old = QuoteFactory(organization=county, created_at=timezone.now() - timedelta(2))
    new = QuoteFactory(organization=county)
    QuoteFactory()  # another organization's

    body = api.get("/api/v1/quotes/").json()

    assert body["count"] == 2
    assert [quote["number"] for quote in body["results"]] == [new.number, old.number]
    assert body["results"][0]["phases"]


def test_quotes_filter_by_status_package_and_date(api, county, member):
    now = timezone.now()
    old = QuoteFactory(organization=county, created_at=now - timedelta(days=10))
    approved = QuoteFactory(organization=county, approved_by=member)
    pending = QuoteFactory(organization=county)

    def numbers(query):
        return [
            q["number"] for q in api.get(f"/api/v1/quotes/?{query}").json()["results"]
        ]

    assert set(numbers("status=approved")) == {approved.number}
    assert numbers(f"package={pending.package_id}") == [pending.number]
    day = (now - timedelta(days=10)).date().isoformat()
    assert numbers(f"from={day}&to={day}") == [old.number]
    assert old.number not in numbers(f"from={(now - timedelta(days=1)).date()}")


@pytest.mark.parametrize(
    "query",
    [
        "status=nope",
        "package=abc",
        "package=999999",
        "from=yesterday",
        "to=2025-13-01",
        "from=2025-02-01&to=2025-01-01",
        "page=0",
    ],
)
def test_a_bad_filter_answers_400(api, county, query):
    QuoteFactory(organization=county)
    response = api.get(f"/api/v1/quotes/?{query}")
    assert response.status_code in (400, 404)
    if not query.startswith("page"):
        assert response.status_code == 400
        assert response.json()


def test_another_organizations_package_is_refused(api, county):
    foreign = QuoteFactory()
    assert api.get(f"/api/v1/quotes/?package={foreign.package_id}").status_code == 400
    assert api.get(f"/api/v1/orders/?package={foreign.package_id}").status_code == 400


def test_orders_list_filters_pages_and_documents(api, county):
    paid = OrderFactory(organization=county, paid=True)
    waiting = OrderFactory(organization=county)
    OrderFactory()  # another organization's

    body = api.get("/api/v1/orders/?page_size=1").json()
    assert body["count"] == 2
    assert [order["number"] for order in body["results"]] == [waiting.number]
    assert body["next"]

    only_paid = api.get("/api/v1/orders/?status=paid").json()["results"]
    assert [order["number"] for order in only_paid] == [paid.number]
    assert only_paid[0]["history"]
    assert api.get("/api/v1/orders/?status=bogus").status_code == 400
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    assert api.get(f"/api/v1/orders/?from={tomorrow}").json()["count"] == 0


def test_not_for_vendors(api_client_for):
    vendor = OrganizationFactory(kind=OrganizationKind.VENDOR)
    user = MembershipFactory(organization=vendor).user
    assert api_client_for(user, vendor).get("/api/v1/orders/").status_code == 403


def _queries(api, path):
    api.get(path)  # the first request also notes the API key's use
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


def test_quotes_list_queries_are_bounded(api, county):
    QuoteFactory(organization=county)
    one = _queries(api, "/api/v1/quotes/")
    for _ in range(4):
        QuoteFactory(organization=county)
    assert _queries(api, "/api/v1/quotes/") == one


def test_orders_list_queries_are_bounded(api, county):
    OrderFactory(organization=county, paid=True)
    one = _queries(api, "/api/v1/orders/")
    for _ in range(4):
        OrderFactory(organization=county, paid=True)
    assert _queries(api, "/api/v1/orders/") == one


# The pages ------------------------------------------------------------------------


def test_the_quotes_page_lists_and_filters(web, county, member):
    approved = QuoteFactory(organization=county, approved_by=member)
    pending = QuoteFactory(organization=county)
    foreign = QuoteFactory()

    page = web.get("/quotes/").content.decode()
    assert approved.number in page and pending.number in page
    assert foreign.number not in page
    assert "<caption" in page and 'scope="col"' in page and "data-label" in page

    filtered = web.get("/quotes/?status=approved").content.decode()
    assert approved.number in filtered and pending.number not in filtered
    assert web.get("/quotes/?from=nonsense").status_code == 400


def test_the_orders_page_links_documents_and_pages(web, county):
    paid = OrderFactory(organization=county, paid=True)
    for _ in range(25):
        OrderFactory(organization=county, placed_at=timezone.now() - timedelta(1))

    first = web.get("/orders/").content.decode()
    assert paid.number in first
    for document in paid.documents.all():
        assert f"/orders/{paid.pk}/documents/{document.number}.pdf" in first
    assert "?page=2" in first
    second = web.get("/orders/?page=2").content.decode()
    assert paid.number not in second
    assert 'href="/orders/"' in first  # the header links to the list


def test_the_pages_are_for_buyers(client):
    vendor = OrganizationFactory(kind=OrganizationKind.VENDOR)
    client.force_login(MembershipFactory(organization=vendor).user)
    assert client.get("/quotes/").status_code == 403
