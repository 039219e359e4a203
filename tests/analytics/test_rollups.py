"""The rollups equal a recount from the raw rows, whatever happened: orders of one
or more solutions, renewals, partial refunds, provisioning reports and views,
interleaved with refreshes at any point — and a rebuild gives back the very same
rows as the refreshes kept."""

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import BuyerType
from analytics.models import (
    CategoryFunnelDay,
    FunnelDay,
    LedgerDay,
    ListingPairDay,
    ListingSalesDay,
    ListingViewDay,
    OrderDay,
    ProvisioningDay,
    SalesDay,
    SalesMonth,
)
from analytics.services import rollups_rebuild, rollups_refresh, views_add
from marketplace.models import (
    LedgerEntry,
    Listing,
    Order,
    OrderKind,
    OrderLine,
    OrderStatus,
    PackageLine,
    Plan,
    QuoteLine,
    Subscription,
    SubscriptionStatus,
)
from marketplace.services.billing.runs import billing_run
from marketplace.services.payments.attempts import payment_refunded, payment_succeeded
from marketplace.services.provisioning import subscription_report
from tests.factories import OrganizationFactory
from tests.factories.buying import OrderFactory
from tests.factories.catalog import (
    CategoryFactory,
    SectionFactory,
    VendorFactory,
    published_listing,
)
from tests.factories.curation import EndorsementFactory

pytestmark = pytest.mark.django_db

ROLLUPS = (
    SalesDay,
    OrderDay,
    ListingSalesDay,
    FunnelDay,
    CategoryFunnelDay,
    ProvisioningDay,
    LedgerDay,
    ListingPairDay,
    SalesMonth,
)
# Each example starts a month after the last one began, so the clock only moves on
# (as it does outside tests) and each example has days of its own.
_epochs = count()
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(db):
    """Three solutions of two vendors in two kinds, one of them curated and one
    billed monthly; a county in China and a company in Singapore."""
    section = SectionFactory()
    one = CategoryFactory(name="Smart manholes", slug="smart-manholes", parent=section)
    two = CategoryFactory(name="Parking", slug="parking", parent=section)
    lanxin, harbour = VendorFactory(), VendorFactory()

    def plans(price: int, billing: str = "one_time") -> list[Plan]:
        return [
            Plan(
                code="STD",
                name="Standard",
                billing=billing,
                unit="device",
                unit_price=price,
            )
        ]

    with time_machine.travel(START - timedelta(days=30), tick=False):
        listings = [
            published_listing(lanxin, category=one, plans=plans(68_000)),
            published_listing(lanxin, category=one, plans=plans(10_000, "monthly")),
            published_listing(harbour, category=two, plans=plans(1_500_000)),
        ]
        EndorsementFactory(listing=listings[0])
    buyers = [
        OrganizationFactory(buyer_type=BuyerType.MUNICIPAL, region="CN"),
        OrganizationFactory(buyer_type=BuyerType.ENTERPRISE, region="SG"),
    ]
    return {"listings": listings, "buyers": buyers}


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("order"),
            st.integers(0, 1),
            st.lists(
                st.tuples(st.integers(0, 2), st.integers(1, 4)),
                min_size=1,
                max_size=3,
                unique_by=lambda line: line[0],
            ),
        ),
        st.tuples(st.just("refund"), st.integers(0, 20), st.integers(1, 100)),
        st.tuples(st.just("provision"), st.integers(0, 20), st.booleans()),
        st.tuples(st.just("renew"), st.integers(0, 20)),
        st.tuples(st.just("views"), st.integers(0, 2), st.integers(1, 40)),
        st.tuples(st.just("wait"), st.integers(0, 2), st.integers(0, 23)),
        st.tuples(st.just("refresh")),
    ),
    min_size=1,
    max_size=8,
)


def _pick(rows: list, index: int):
    return rows[index % len(rows)] if rows else None


def apply(operation: tuple, store: dict, clock) -> None:
    kind = operation[0]
    if kind == "order":
        _kind, buyer, lines = operation
        OrderFactory(
            organization=store["buyers"][buyer],
            lines=[
                (store["listings"][listing].plans.get(), quantity)
                for listing, quantity in lines
            ],
            paid=True,
        )
    elif kind == "refund":
        order = _pick(
            list(Order.objects.filter(status=OrderStatus.PAID).order_by("pk")),
            operation[1],
        )
        if order is not None:
            payment = order.payments.get(status="succeeded")
            left = payment.amount - payment.refunded_amount
            part = max(left * operation[2] // 100, 1)
            payment_refunded(payment=payment, refunded=payment.refunded_amount + part)
    elif kind == "provision":
        subscription = _pick(
            list(
                Subscription.objects.filter(status=SubscriptionStatus.PENDING).order_by(
                    "pk"
                )
            ),
            operation[1],
        )
        if subscription is not None:
            data = (
                {"status": "provisioned", "instance_id": "i"}
                if operation[2]
                else {"status": "failed", "reason": "no coverage"}
            )
            subscription_report(subscription=subscription, data=data)
    elif kind == "renew":
        subscription = _pick(
            list(
                Subscription.objects.filter(
                    status=SubscriptionStatus.ACTIVE, next_charge_on__isnull=False
                ).order_by("pk")
            ),
            operation[1],
        )
        if subscription is not None:
            day = subscription.next_charge_on
            if day > timezone.localdate():
                clock.move_to(datetime(day.year, day.month, day.day, 10, tzinfo=UTC))
            billing_run(day=timezone.localdate(), inline=True)
            for order in Order.objects.filter(
                kind=OrderKind.RENEWAL, status=OrderStatus.PENDING_PAYMENT
            ):
                payment = order.payments.get()
                payment_succeeded(payment=payment, amount=order.amount)
    elif kind == "views":
        views_add(
            listing_id=store["listings"][operation[1]].pk,
            day=timezone.localdate(),
            count=operation[2],
        )
    elif kind == "wait":
        clock.shift(timedelta(days=operation[1], hours=operation[2]))
    elif kind == "refresh":
        rollups_refresh()


# -- the recount: plain loops over the raw rows, nothing shared with the rollups ----


def recount() -> dict:
    sales: Counter = Counter()
    by_buyer: Counter = Counter()
    by_vendor: Counter = Counter()
    orders: dict = defaultdict(set)
    order_figures: Counter = Counter()
    funnel: Counter = Counter()
    first_orders: dict = defaultdict(set)
    first_paid: dict = defaultdict(dict)
    for line in OrderLine.objects.select_related(
        "vendor_order__order__organization", "quote_line__listing", "quote_line__quote"
    ):
        order = line.vendor_order.order
        if order.paid_at is None:
            continue
        day = timezone.localdate(order.paid_at)
        organization = order.organization
        listing = line.quote_line.listing
        key = (day, order.currency, str(organization.region), listing.category_id)
        for counter, split in (
            (sales, key),
            (by_buyer, (*key, organization.buyer_type)),
            (by_vendor, (*key, line.vendor_order.vendor_id)),
        ):
            counter[(*split, "lines")] += 1
            counter[(*split, "units")] += line.quantity
            counter[(*split, "gross")] += line.amount
        where = (day, order.currency, str(organization.region))
        orders[where].add(order.pk)
        order_figures[(*where, "lines")] += 1
        order_figures[(*where, "units")] += line.quantity
        order_figures[(*where, "gross")] += line.amount
        if line.kind == OrderKind.INITIAL:
            first_orders[(day, listing.pk)].add(order.pk)
            package = line.quote_line.quote.package_id
            known = first_paid[package].get(listing.pk)
            first_paid[package][listing.pk] = min(known or day, day)
    for (day, listing), ids in first_orders.items():
        funnel[(day, listing, "orders")] += len(ids)
    for views in ListingViewDay.objects.all():
        funnel[(views.day, views.listing_id, "views")] += views.views
    for line in PackageLine.objects.select_related("plan"):
        funnel[(timezone.localdate(line.created_at), line.plan.listing_id, "adds")] += 1
    quotes = {
        (timezone.localdate(line.quote.created_at), line.listing_id, line.quote_id)
        for line in QuoteLine.objects.select_related("quote")
    }
    for day, listing, _quote in quotes:
        funnel[(day, listing, "quotes")] += 1
    category_of = dict(Listing.objects.values_list("pk", "category_id"))
    category_funnel: Counter = Counter()
    for (day, listing, name), figure in funnel.items():
        category_funnel[(day, category_of[listing], name)] += figure
    provisioning: Counter = Counter()
    for subscription in Subscription.objects.all():
        key = (timezone.localdate(subscription.created_at), subscription.vendor_id)
        if subscription.activated_at is not None:
            provisioning[(*key, "provisioned")] += 1
            provisioning[(*key, "seconds")] += int(
                (subscription.activated_at - subscription.created_at).total_seconds()
            )
        elif subscription.status == SubscriptionStatus.FAILED:
            provisioning[(*key, "failed")] += 1
    ledger: Counter = Counter()
    for entry in LedgerEntry.objects.all():
        key = (timezone.localdate(entry.booked_at), entry.vendor_id, entry.currency)
        ledger[(*key, entry.kind, "gross")] += entry.gross
        ledger[(*key, entry.kind, "commission")] += entry.commission
        ledger[(*key, entry.kind, "net")] += entry.net
    pairs: Counter = Counter()
    for listings in first_paid.values():
        for one in listings:
            for other in listings:
                if one != other:
                    pairs[(one, other)] += 1
    by_vendor_month: Counter = Counter()
    for (day, *rest), figure in by_vendor.items():
        by_vendor_month[(day.replace(day=1), *rest)] += figure
    return {
        "sales": +sales,
        "by_buyer": +by_buyer,
        "by_vendor": +by_vendor,
        "by_vendor_month": +by_vendor_month,
        "orders": +Counter({(*key, "orders"): len(ids) for key, ids in orders.items()})
        + order_figures,
        "funnel": +funnel,
        "category_funnel": +category_funnel,
        "provisioning": +provisioning,
        "ledger": +ledger,
        "pairs": +pairs,
    }


def from_rollups() -> dict:
    def sales_of(dimension: str, with_value, model=SalesDay) -> Counter:
        counter: Counter = Counter()
        for row in model.objects.filter(dimension=dimension):
            key = (row.day, row.currency, row.region, row.category_id)
            if with_value:
                key = (*key, with_value(row.value))
            counter[(*key, "lines")] += row.lines
            counter[(*key, "units")] += row.units
            counter[(*key, "gross")] += row.gross
        return +counter

    def orders_of() -> Counter:
        counter: Counter = Counter()
        for row in OrderDay.objects.filter(by_category=False, by_vendor=False):
            for name in ("orders", "lines", "units", "gross"):
                counter[(row.day, row.currency, row.region, name)] += getattr(row, name)
        return +counter

    funnel: Counter = Counter()
    for row in FunnelDay.objects.all():
        for name in ("views", "adds", "quotes", "orders"):
            funnel[(row.day, row.listing_id, name)] += getattr(row, name)
    category_funnel: Counter = Counter()
    for row in CategoryFunnelDay.objects.all():
        for name in ("views", "adds", "quotes", "orders"):
            category_funnel[(row.day, row.category_id, name)] += getattr(row, name)
    provisioning: Counter = Counter()
    for row in ProvisioningDay.objects.all():
        key = (row.day, row.vendor_id)
        provisioning[(*key, "provisioned")] += row.provisioned
        provisioning[(*key, "failed")] += row.failed
        provisioning[(*key, "seconds")] += row.seconds_to_active
    ledger: Counter = Counter()
    for row in LedgerDay.objects.all():
        key = (row.day, row.vendor_id, row.currency, row.kind)
        for name in ("gross", "commission", "net"):
            ledger[(*key, name)] += getattr(row, name)
    pairs: Counter = Counter()
    for row in ListingPairDay.objects.all():
        pairs[(row.listing_id, row.other_id)] += row.packages
    return {
        "sales": sales_of("total", None),
        "by_buyer": sales_of("buyer_type", str),
        "by_vendor": sales_of("vendor", int),
        "by_vendor_month": sales_of("vendor", int, SalesMonth),
        "orders": orders_of(),
        "funnel": +funnel,
        "category_funnel": +category_funnel,
        "provisioning": +provisioning,
        "ledger": +ledger,
        "pairs": +pairs,
    }


def snapshot() -> dict:
    """Every rollup row, without its id, in an order that does not depend on ids."""
    return {
        model.__name__: sorted(
            (
                tuple(row.values())
                for row in model.objects.values(
                    *[f.attname for f in model._meta.concrete_fields if f.name != "id"]
                )
            ),
            key=repr,
        )
        for model in ROLLUPS
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=operations)
def test_rollups_equal_a_recount_after_any_history(store, operations):
    start = START + timedelta(days=40 * next(_epochs))
    with time_machine.travel(start, tick=False) as clock:
        for operation in operations:
            apply(operation, store, clock)
        rollups_refresh()

        refreshed = snapshot()
        assert from_rollups() == recount()

        rollups_rebuild()
        assert snapshot() == refreshed


def test_a_refresh_twice_changes_nothing(store):
    with time_machine.travel(START, tick=False):
        OrderFactory(
            organization=store["buyers"][0],
            lines=[(listing.plans.get(), 2) for listing in store["listings"]],
            paid=True,
        )
        rollups_refresh()
        once = snapshot()
        rollups_refresh()

        assert snapshot() == once
        assert len(once["SalesDay"]) > 0


def test_the_command_rebuilds_with_a_progress_bar(store, capsys):
    with time_machine.travel(START, tick=False):
        OrderFactory(
            organization=store["buyers"][1],
            lines=[(store["listings"][2].plans.get(), 1)],
            paid=True,
        )
        call_command("stats_rebuild")

    output = capsys.readouterr().out
    assert "months [##############################] 1/1" in output
    assert "Statistics rebuilt: " in output
    assert from_rollups()["sales"] == recount()["sales"]
