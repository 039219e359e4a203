"""Twelve months of the store's life, so that every statistic has something real to
show: the demo buyers (`accounts.BUYERS`) compose packages, ask for quotes, have
them approved (or return them), order, pay by invoice; vendors report what they
provisioned (a few fail, and the line is refunded); the daily billing run renews
monthly subscriptions; curators run sales on curated listings; buyers who use a
solution review it (`demo.reviews`); and the listings are viewed (`demo.traffic`).

Everything goes through the services people use, each run as of its moment with
time-machine, so every figure on the statistics pages can be traced to the
requests that made it. The same day gives the same history (a seeded random), and
a store that has it already gets nothing more.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import BuyerType, Role
from config.api.exceptions import Conflict
from marketplace.demo import reviews, traffic
from marketplace.demo.accounts import BUYERS, OPERATOR
from marketplace.demo.curation import demo_curator
from marketplace.demo.market import (
    MONTHLY_WITHIN_DAYS,
    Catalog,
    catalog_load,
    sales_schedule,
)
from marketplace.models import (
    Order,
    OrderKind,
    OrderStatus,
    Package,
    PaymentMethod,
    Quote,
    Subscription,
    SubscriptionStatus,
)
from marketplace.services.approvals import quote_approve, quote_return
from marketplace.services.billing.runs import billing_run
from marketplace.services.orders import order_mark_paid, order_place
from marketplace.services.packages import package_create, package_line_add
from marketplace.services.payments.refunds import subscription_refund
from marketplace.services.provisioning import subscription_report
from marketplace.services.quotes import quote_create
from notifications.kinds import KINDS
from notifications.models import Channels
from notifications.services import notification_preferences_set
from vendors.models import Delivery, DeliveryStatus

DAYS = 365
_SEED = 20260611
RETURNED = (
    "Not in this year's budget; let us plan it for the next.",
    "Please compare one more vendor before we decide.",
    "The quantities are higher than the site survey found.",
)
FAILURES = (
    "The site survey found no power at the mounting points.",
    "The buyer's network blocks the ports the gateway needs.",
    "Our regional installer could not take the order this quarter.",
)


# How many actions run between two refreshes of the planner's statistics.
PLAN_EVERY = 400


def _statistics_refresh() -> None:
    """PostgreSQL plans queries by its table statistics, which autovacuum cannot
    gather from rows not yet committed: without this, a year of history written in
    one transaction is planned as if its tables were still empty, and every
    package summary scans them all. ANALYZE in the transaction sees its own rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@dataclass
class Buyer:
    slug: str
    region: str
    requester: Membership
    approver: Membership
    municipal: bool
    self_approves: bool
    orders: int = 0


@dataclass
class History:
    """The clock and what the buyers did so far."""

    rng: random.Random
    catalog: Catalog
    buyers: list[Buyer]
    finance: User
    today: date
    queue: list = field(default_factory=list)
    seq: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("packages", "quotes", "orders", "renewals", "failed", "sales"), 0
        )
    )
    invoices_waiting: set[int] = field(default_factory=set)

    def at(self, moment: datetime, action: Callable[[], object]) -> None:
        """Run `action` as of `moment`, if that is before today."""
        if timezone.localdate(moment) < self.today:
            heapq.heappush(self.queue, (moment, self.seq, action))
            self.seq += 1

    def run(self) -> None:
        """Each action as of its moment, the clock standing still (`tick=False`:
        exact times). time-machine moves Python's clocks only, `time.monotonic`
        included, so nothing here may wait on a deadline; the database's own
        now() keeps the real time (no column defaults to it). The whole history
        is one transaction: what the services do after commit (Celery tasks,
        webhook wake-ups, mail) runs once, at the end, back in the present."""
        done = 0
        while self.queue:
            if done % PLAN_EVERY == 0:
                _statistics_refresh()
            moment, _seq, action = heapq.heappop(self.queue)
            with time_machine.travel(moment, tick=False):
                action()
            done += 1

    def moment(self, day: date, *, early: int = 8, late: int = 18) -> datetime:
        minutes = self.rng.randrange(early * 60, late * 60)
        return timezone.make_aware(
            datetime.combine(day, time(minutes // 60, minutes % 60))
        )

    def later(self, moment: datetime, low: int, high: int) -> datetime:
        """A working moment `low` to `high` days after `moment`."""
        day = timezone.localdate(moment) + timedelta(days=self.rng.randint(low, high))
        return max(self.moment(day), moment + timedelta(minutes=20))


def _buyers() -> list[Buyer]:
    members = Membership.objects.select_related("organization", "user").filter(
        organization__slug__in=list(BUYERS)
    )
    by_org: dict[str, dict[str, Membership]] = {}
    for membership in members:
        by_org.setdefault(membership.organization.slug, {})[membership.role] = (
            membership
        )
    buyers = []
    for slug, spec in BUYERS.items():
        people = by_org[slug]
        buyers.append(
            Buyer(
                slug=slug,
                region=spec["region"],
                requester=people[Role.REQUESTER],
                approver=people[Role.APPROVER],
                municipal=spec["buyer_type"] == BuyerType.MUNICIPAL,
                self_approves=spec.get("allow_self_approval", False),
            )
        )
    return buyers


def _read_in_app(buyers: list[Buyer]) -> None:
    """The history's buyers read their notifications in Agora: a year of them
    would otherwise go out as e-mails when the workers start."""
    for buyer in buyers:
        for membership in (buyer.requester, buyer.approver):
            notification_preferences_set(
                user=membership.user, channels=dict.fromkeys(KINDS, Channels.IN_APP)
            )


# Buying -----------------------------------------------------------------------


@dataclass
class Deal:
    """One package on its way: who composed it, and whether they approve alone."""

    buyer: Buyer
    author: Membership
    package: Package
    alone: bool
    quoted: int = 0


def _compose(history: History, buyer: Buyer, day: date) -> None:
    """One package: composed, and (mostly) quoted, approved, ordered and paid."""
    rng = history.rng
    recent = (history.today - day).days <= MONTHLY_WITHIN_DAYS
    alone = buyer.self_approves and rng.random() < 0.6
    author = buyer.approver if alone else buyer.requester
    abandoned = rng.random() < 0.22

    def compose() -> None:
        lines = history.catalog.pick(rng, buyer, recent=recent)
        if not lines:
            return
        package = package_create(
            membership=author, name=history.catalog.package_name(lines)
        )
        for line in lines:
            package_line_add(
                membership=author,
                package=package,
                plan_id=line.plan.pk,
                quantity=line.quantity,
            )
        history.counts["packages"] += 1
        if not abandoned:
            deal = Deal(buyer, author, package, alone)
            history.at(
                history.later(timezone.now(), 0, 3), lambda: _quote(history, deal)
            )

    history.at(history.moment(day), compose)


def _quote(history: History, deal: Deal) -> None:
    """A quote; its approver returns a few, lets a few lapse, approves the rest."""
    rng = history.rng
    quote = quote_create(
        membership=deal.author, package=deal.package, ask=not deal.alone
    )
    history.counts["quotes"] += 1
    deal.quoted += 1
    now = timezone.now()
    approver = deal.author if deal.alone else deal.buyer.approver
    roll = rng.random()
    if roll < 0.10 and not deal.alone:
        comment = rng.choice(RETURNED)
        history.at(
            history.later(now, 1, 4),
            lambda: quote_return(membership=approver, quote=quote, comment=comment),
        )
        return
    if roll < 0.16:
        return  # the quote lapsed: nobody decided in time

    def approve() -> None:
        quote_approve(membership=approver, quote=quote, comment="Approved.")
        history.at(
            history.later(timezone.now(), 0, 2), lambda: _order(history, deal, quote)
        )

    history.at(
        now + timedelta(minutes=5) if deal.alone else history.later(now, 0, 4),
        approve,
    )


def _order(history: History, deal: Deal, quote: Quote) -> None:
    """Ordered by invoice. A sale that ended meanwhile (or prices no longer held)
    sends the buyer back for a new quote, once."""
    buyer = deal.buyer
    buyer.orders += 1
    try:
        order = order_place(
            membership=deal.author,
            quote=quote,
            payment_method=PaymentMethod.INVOICE,
            purchase_order=(
                f"PO-{timezone.now():%Y}-{buyer.slug[:3].upper()}{buyer.orders:03d}"
                if buyer.municipal
                else ""
            ),
        ).order
    except (ValidationError, Conflict):
        if deal.quoted < 2:
            history.at(
                history.later(timezone.now(), 0, 2), lambda: _quote(history, deal)
            )
        return
    history.counts["orders"] += 1
    wait = (8, 26) if buyer.municipal else (1, 12)
    history.at(history.later(timezone.now(), *wait), lambda: _pay(history, order))


def _pay(history: History, order: Order) -> None:
    order = order_mark_paid(order=order, user=history.finance)
    if order.kind != OrderKind.INITIAL:
        return
    for subscription in Subscription.objects.filter(
        order_line__vendor_order__order=order
    ).select_related("vendor__organization", "order_line__quote_line"):
        history.at(
            history.later(timezone.now(), 0, 6),
            partial(_provision, history, subscription),
        )


def _provision(history: History, subscription: Subscription) -> None:
    """The vendor's report: provisioned, or (rarely) failed, then refunded."""
    rng = history.rng
    if rng.random() < 0.05:
        subscription_report(
            subscription=subscription,
            data={"status": "failed", "reason": rng.choice(FAILURES)},
        )
        subscription_refund(subscription_id=subscription.pk)
        history.counts["failed"] += 1
        return
    vendor = subscription.vendor.organization.slug
    subscription = subscription_report(
        subscription=subscription,
        data={
            "status": "provisioned",
            "instance_id": f"{vendor}-{subscription.pk}",
            "access": {"url": f"https://{vendor}.example/tenants/{subscription.pk}/"},
        },
    )
    reviews.maybe_review(history, subscription)


def _bill(history: History, day: date) -> None:
    """The nightly billing run; finance records each renewal invoice paid a few
    days later."""
    report = billing_run(day=day, inline=True)
    history.counts["renewals"] += report.renewals
    waiting = Order.objects.filter(
        organization__slug__in=list(BUYERS),
        status=OrderStatus.PENDING_PAYMENT,
        payment_method=PaymentMethod.INVOICE,
    ).exclude(kind=OrderKind.INITIAL)
    for order in waiting.exclude(pk__in=history.invoices_waiting):
        history.invoices_waiting.add(order.pk)
        history.at(
            history.later(timezone.now(), 3, 15),
            partial(_pay, history, order),
        )


def _days(history: History) -> None:
    """Each day: the billing run at night, and the day's packages. Business grows
    over the year; weekends are quiet."""
    rng = history.rng
    start = history.today - timedelta(days=DAYS)
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        history.at(
            timezone.make_aware(datetime.combine(day, time(1, 0))),
            partial(_bill, history, day),
        )
        rate = (0.55 + 0.75 * offset / DAYS) * (0.25 if day.weekday() >= 5 else 1.0)
        for buyer_number in range(len(history.buyers)):
            if rng.random() < rate / len(history.buyers) * 1.3:
                _compose(history, history.buyers[buyer_number], day)


def _deliveries_settle() -> None:
    """The vendors received the history's events at the time (their reports above
    answer them): recorded as delivered, so that the demo vendors' receiver, when
    it starts, is sent only what waits for an answer (the latest orders)."""
    subscriptions = (
        Subscription.objects.filter(organization__slug__in=list(BUYERS))
        .exclude(
            status__in=(SubscriptionStatus.PENDING, SubscriptionStatus.PROVISIONING)
        )
        .values_list("pk", flat=True)
    )
    keys = [f"subscription:{pk}" for pk in subscriptions]
    for start in range(0, len(keys), 500):
        Delivery.objects.filter(
            ordering_key__in=keys[start : start + 500], status=DeliveryStatus.PENDING
        ).update(
            status=DeliveryStatus.DELIVERED,
            finished_at=F("created_at"),
            next_attempt_at=None,
            attempt_count=1,
            last_status_code=200,
        )


def history_exists() -> bool:
    return Order.objects.filter(organization__slug__in=list(BUYERS)).exists()


def seed_history(today: date | None = None) -> dict[str, int]:
    """The year before `today` (default: today), once; a second run adds nothing."""
    if history_exists():
        return dict.fromkeys(
            (
                "packages",
                "quotes",
                "orders",
                "renewals",
                "failed",
                "sales",
                "reviews",
                "views",
            ),
            0,
        )
    today = today or timezone.localdate()
    rng = random.Random(_SEED)  # noqa: S311 - demo data, not security
    buyers = _buyers()
    history = History(
        rng=rng,
        catalog=catalog_load(),
        buyers=buyers,
        finance=User.objects.get(email=OPERATOR.email),
        today=today,
    )
    curator = demo_curator()
    # Mail the services send on the way (a failed provisioning, a credit due) went
    # out at the time; nobody needs it now.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        _read_in_app(buyers)
        if curator is not None:
            sales_schedule(history, curator)
        _days(history)
        history.run()
        _deliveries_settle()
        history.counts["reviews"] = reviews.count()
        history.counts["views"] = traffic.seed_views(history, DAYS)
    return history.counts
