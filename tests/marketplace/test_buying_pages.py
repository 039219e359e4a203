"""The buyer's pages: add from a listing, compose (with and without htmx), quote,
approve, order, and the CSV for the procurement file."""

import csv
import io

import pytest

from accounts.roles import OrganizationKind, Role
from marketplace.models import Order, Package, Plan, Quote
from notifications.models import Notification
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import QuoteFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    """A buyer organization with an approver (who approves its quotes)."""
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    MembershipFactory(organization=county, role=Role.APPROVER)
    return county


@pytest.fixture
def requester(client, county):
    user = MembershipFactory(organization=county, role=Role.REQUESTER).user
    client.force_login(user)
    return user


@pytest.fixture
def listings():
    manholes = CategoryFactory()
    guard = published_listing(
        title="Manhole Guard", slug="guard", vendor=VendorFactory(), category=manholes
    )
    watch = published_listing(
        title="Manhole Watch", slug="watch", vendor=VendorFactory(), category=manholes
    )
    return guard, watch


def add(client, listing, **extra):
    return client.post(
        "/packages/add/",
        {
            "plan": listing.plans.get().pk,
            "quantity": 10,
            "phase": 1,
            "package": "new",
            "new_name": "Pilot",
            **extra,
        },
    )


def test_a_buyer_adds_a_solution_to_a_new_package_from_its_page(
    client, requester, listings
):
    page = client.get("/solutions/guard/").content.decode()
    assert "Add to a package" in page
    # Only this solution's plans are offered.
    assert f'<option value="{listings[0].plans.get().pk}"' in page
    assert f'<option value="{listings[1].plans.get().pk}"' not in page

    response = add(client, listings[0])

    package = Package.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/packages/{package.pk}/"
    composer = client.get(response["Location"]).content.decode()
    assert "Manhole Guard" in composer
    assert "CNY 6,800.00" in composer  # 10 units at 680.00


def test_anonymous_visitors_and_vendors_see_no_add_form(client, listings):
    assert "Add to a package" not in client.get("/solutions/guard/").content.decode()


def test_the_composer_updates_in_place_with_htmx_and_without(
    client, requester, listings
):
    add(client, listings[0])
    package = Package.objects.get()
    line = package.lines.get()
    url = f"/packages/{package.pk}/lines/{line.pk}/"

    plain = client.post(url, {"quantity": 3, "phase": 2, "site": "North"})
    htmx = client.post(
        url,
        {"quantity": 4, "phase": 2, "site": "North"},
        headers={"HX-Request": "true"},
        follow=True,
    )

    assert plain.status_code == 302
    assert 'id="composer"' in htmx.content.decode()
    line.refresh_from_db()
    assert (line.quantity, line.phase, line.site) == (4, 2, "North")


def test_a_line_is_swapped_for_another_vendors_plan(client, requester, listings):
    add(client, listings[0])
    package = Package.objects.get()
    line = package.lines.get()

    client.post(
        f"/packages/{package.pk}/lines/{line.pk}/",
        {"action": "swap", "plan": listings[1].plans.get().pk},
    )

    line.refresh_from_db()
    assert line.plan.listing == listings[1]
    assert line.quantity == 10


def test_quote_approve_order_and_csv(client, requester, county, listings):
    add(client, listings[0])
    package = Package.objects.get()

    response = client.post(f"/packages/{package.pk}/quote/")
    quote = Quote.objects.get()
    assert response["Location"] == f"/quotes/{quote.pk}/"
    page = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert quote.number in page
    assert "Approve this quote" not in page  # the requester cannot

    rows = list(
        csv.reader(io.StringIO(client.get(f"/quotes/{quote.pk}.csv").content.decode()))
    )
    assert rows[0][:2] == ["Quote", quote.number]
    vendor = listings[0].vendor.organization.name
    assert rows[4][:4] == ["1", "", vendor, "Manhole Guard"]

    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    client.force_login(approver)
    client.post(f"/quotes/{quote.pk}/decide/", {"decision": "approve"})
    client.force_login(requester)
    response = client.post(f"/quotes/{quote.pk}/order/", {"payment_method": "invoice"})
    again = client.post(f"/quotes/{quote.pk}/order/", {"payment_method": "invoice"})

    order = Order.objects.get()
    assert response["Location"] == again["Location"] == f"/orders/{order.pk}/"
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert order.number in page and "Waiting for payment" in page

    client.post(f"/orders/{order.pk}/cancel/")
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert "Cancel the order" not in client.get(f"/orders/{order.pk}/").content.decode()


def test_another_organization_gets_404(client, requester, listings):
    add(client, listings[0])
    package = Package.objects.get()
    other = MembershipFactory(role=Role.APPROVER).user
    client.force_login(other)

    assert client.get(f"/packages/{package.pk}/").status_code == 404


def test_a_curated_collection_becomes_a_starting_package(client, requester, listings):
    from marketplace.pages import CollectionPage, SelectPage
    from marketplace.services.pages import home_page_sync

    home = home_page_sync()
    select = home.add_child(instance=SelectPage(title="Select", slug="select"))
    collection = select.add_child(
        instance=CollectionPage(
            title="Safe manholes for a county",
            slug="safe-manholes",
            intro="Sensors in covers.",
            body=[
                (
                    "item",
                    {
                        "listing": listings[0],
                        "plan": Plan.objects.get(listing=listings[0], code="STD"),
                        "quantity": 200,
                        "note": "Main roads first.",
                    },
                )
            ],
        )
    )
    assert "Use as my starting package" in client.get(collection.url).content.decode()

    response = client.post(f"/packages/from-collection/{collection.pk}/")

    package = Package.objects.get()
    assert response["Location"] == f"/packages/{package.pk}/"
    assert package.name == "Safe manholes for a county"
    line = package.lines.get()
    assert (line.plan.listing, line.quantity, line.note) == (
        listings[0],
        200,
        "Main roads first.",
    )


def test_buy_now_orders_at_once_only_where_self_approval_is_allowed(
    client, county, listings
):
    plan = listings[0].plans.get()
    requester = MembershipFactory(organization=county, role=Role.REQUESTER).user
    client.force_login(requester)
    waiting = client.post("/buy-now/", {"plan": plan.pk, "quantity": 2})
    quote = Quote.objects.get()
    assert waiting["Location"] == f"/quotes/{quote.pk}/"
    assert quote.status == "pending" and not Order.objects.exists()

    county.allow_self_approval = True
    county.save()
    approver = MembershipFactory(organization=county, role=Role.APPROVER).user
    client.force_login(approver)
    assert "Buy 1 × Standard now" in client.get("/solutions/guard/").content.decode()
    # Nobody else is told about a quote its requester approves at once.
    told = Notification.objects.filter(kind="quote.awaiting_approval").count()
    ordered = client.post("/buy-now/", {"plan": plan.pk, "quantity": 2})

    order = Order.objects.get()
    assert ordered["Location"] == f"/orders/{order.pk}/"
    assert order.quote.approved_by == approver
    assert order.quote.lines.get().quantity == 2
    assert Notification.objects.filter(kind="quote.awaiting_approval").count() == told


def test_buy_now_waits_for_the_purchase_order_number_where_one_is_required(
    client, county, listings
):
    county.allow_self_approval = True
    county.purchase_order_required = True
    county.save()
    client.force_login(MembershipFactory(organization=county, role=Role.APPROVER).user)
    response = client.post(
        "/buy-now/", {"plan": listings[0].plans.get().pk, "quantity": 2}, follow=True
    )
    quote = Quote.objects.get()
    assert quote.status == "approved" and not Order.objects.exists()
    assert "Give your purchase order number" in response.content.decode()
    assert 'name="purchase_order"' in response.content.decode()


def test_the_quote_downloads_as_a_pdf_in_the_buyers_language(
    client, requester, county, listings
):
    from pypdf import PdfReader

    quote = QuoteFactory(
        organization=county,
        package__name="井盖 试点",
        lines=[(listings[0].plans.get(), 10)],
    )

    english = client.get(f"/quotes/{quote.pk}.pdf")
    chinese = client.get(f"/quotes/{quote.pk}.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(english.content)).pages[0].extract_text()
    assert f"Quote {quote.number}" in text
    assert "Manhole Guard" in text and "井盖 试点" in text
    assert "CNY 6,800.00" in text
    text = PdfReader(io.BytesIO(chinese.content)).pages[0].extract_text()
    assert f"报价单 {quote.number}" in text


def test_a_package_is_renamed_and_given_an_annual_budget_on_its_page(
    client, requester, county
):
    package = Package.objects.create(organization=county, name="Pilot", currency="CNY")
    page = client.get(f"/packages/{package.pk}/").content.decode()
    assert "Name and annual budget" in page

    saved = client.post(
        f"/packages/{package.pk}/settings/",
        {"package-name": "Futian pilot", "package-budget": "250000.50"},
        follow=True,
    )

    package.refresh_from_db()
    assert (package.name, package.budget) == ("Futian pilot", 25_000_050)
    assert "The package is saved." in saved.content.decode()
    assert 'value="250000.50"' in saved.content.decode()

    refused = client.post(
        f"/packages/{package.pk}/settings/",
        {"package-name": " ", "package-budget": "-1"},
        follow=True,
    )
    package.refresh_from_db()
    assert refused.status_code == 200 and package.name == "Futian pilot"
    other = Package.objects.create(organization=OrganizationFactory(), name="Theirs")
    assert (
        client.post(
            f"/packages/{other.pk}/settings/", {"package-name": "Mine"}
        ).status_code
        == 404
    )
