"""The marketplace of `chaos.py`, through the services its users go through:
verified vendors with an endpoint and a published listing each, self-approving
buyers, a finance and a staff member, and invoice orders placed from approved
quotes and left unpaid (all before the run); then, during the run, finance paying
them and staff changing and renewing some of the subscriptions they become."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

LINES = 20  # lines an order, each of another vendor


@dataclass
class World:
    secrets: dict[int, str]  # an endpoint secret by vendor id
    orders: list[int]  # unpaid
    lines: dict[int, list[int]]  # the order lines of each order
    finance: object
    staff: object


def _user(email: str):
    from accounts.models import User

    return User.objects.create_user(email=email, first_name="Chaos", last_name=email)


def _organization(slug: str, kind: str, **fields):
    from accounts.models import Organization

    return Organization.objects.create(name=slug, slug=slug, kind=kind, **fields)


def _vendor_with_listing(n: int, base_url: str, category) -> tuple[int, str, int]:
    """A verified vendor, its endpoint on the receiver and a live listing with one
    plan; answers the vendor's id, its secret and the plan's id."""
    from marketplace.models import Listing, Plan
    from vendors.models import Vendor, VerificationStatus
    from vendors.webhooks.endpoints import endpoint_save

    vendor = Vendor.objects.create(
        organization=_organization(f"chaos-vendor-{n}", "vendor"),
        legal_name=f"Chaos Vendor {n} Ltd",
        registration_number=f"CHAOS{n:06d}",
        contact_email=f"vendor{n}@chaos.example",
        status=VerificationStatus.VERIFIED,
    )
    _, secret = endpoint_save(vendor=vendor, url=f"{base_url}/v/{vendor.pk}")
    listing = Listing(
        vendor=vendor,
        category=category,
        title=f"Street sensor {n}",
        slug=f"chaos-sensor-{n}",
        summary="Sensors for the street.",
        description="<p>Five-year battery.</p>",
        deployment_model="saas",
        regions=["CN"],
        support_hours="24x7",
        live=False,
    )
    listing.plans = [
        Plan(
            code="STD",
            name="Standard",
            billing="annual",
            unit="device",
            unit_price=9900,
        )
    ]
    listing.save()
    listing.save_revision().publish()
    assert secret is not None  # noqa: S101
    return vendor.pk, secret, Plan.objects.get(listing=listing).pk


def world_make(*, events: int, vendors: int, base_url: str, until: float) -> World:
    """Everything the run needs, made through the services; gives up (SystemExit)
    past `until` (time.monotonic())."""
    from accounts.roles import Role
    from accounts.services import membership_create
    from marketplace.models import Category, OrderLine
    from marketplace.services.approvals import quote_approve
    from marketplace.services.orders import order_place
    from marketplace.services.packages import package_create, package_line_add
    from marketplace.services.quotes import quote_create

    section = Category.objects.create(name="Chaos", slug="chaos", sector="smart_city")
    category = Category.objects.create(name="Sensors", slug="chaos-s", parent=section)
    made = [_vendor_with_listing(n, base_url, category) for n in range(vendors)]
    buyers = []
    for n in range(10):
        county = _organization(
            f"chaos-city-{n}", "buyer", buyer_type="municipal", allow_self_approval=True
        )
        user = _user(f"buyer{n}@chaos.example")
        buyers.append(
            membership_create(organization=county, user=user, role=Role.APPROVER)
        )
    platform = _organization("chaos-platform", "platform")
    finance, staff = _user("finance@chaos.example"), _user("staff@chaos.example")
    membership_create(organization=platform, user=finance, role=Role.FINANCE)
    membership_create(organization=platform, user=staff, role=Role.CURATOR)

    orders, lines = [], {}
    for k in range(math.ceil(events / LINES)):
        if time.monotonic() > until:
            raise SystemExit(f"setup: {k} orders placed before its time ran out")
        buyer = buyers[k % len(buyers)]
        package = package_create(membership=buyer, name=f"Chaos {k}")
        for j in range(min(LINES, events - k * LINES)):
            package_line_add(
                membership=buyer,
                package=package,
                plan_id=made[(k * LINES + j) % vendors][2],
                quantity=1 + (k + j) % 5,
            )
        quote = quote_create(membership=buyer, package=package, ask=False)
        quote = quote_approve(membership=buyer, quote=quote)
        order = order_place(
            membership=buyer, quote=quote, payment_method="invoice"
        ).order
        orders.append(order.pk)
        lines[order.pk] = list(
            OrderLine.objects.filter(vendor_order__order=order).values_list(
                "pk", flat=True
            )
        )
    return World(
        secrets={pk: secret for pk, secret, _ in made},
        orders=orders,
        lines=lines,
        finance=finance,
        staff=staff,
    )


@dataclass
class Driver:
    """Finance pays the orders; staff change (one unit more) and renew (a year
    more) a share of the subscriptions once active, back to back. It notes what
    it saw committed. A database or broker error: the connection is closed, and
    the state read again before anything is done twice."""

    world: World
    share: float
    errors: int = 0
    paid: dict[int, float] = field(default_factory=dict)  # order: seen paid at
    first_commit: float | None = None
    # Order lines chosen for follow-ups: the subscription, the targets, the steps
    # seen committed (1: changed, 2: renewed too).
    chosen: set[int] = field(default_factory=set)
    follow: dict[int, list] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.chosen = {
            line
            for lines in self.world.lines.values()
            for line in lines
            if random.Random(line).random() < self.share
        }

    def failed(self) -> None:
        from django.db import connection

        self.errors += 1
        connection.close()
        time.sleep(0.5)

    def pay(self, order_id: int) -> bool:
        """Pay the order unless it is paid; answers whether it is now."""
        from django.db import transaction

        from marketplace.models import Order, OrderStatus
        from marketplace.services.orders import order_mark_paid

        stamp: list[float] = []
        try:
            order = Order.objects.get(pk=order_id)
            if order.status == OrderStatus.PENDING_PAYMENT:
                with transaction.atomic():
                    # Registered first, so it runs first after the commit.
                    transaction.on_commit(lambda: stamp.append(time.time()))
                    order_mark_paid(order=order, user=self.world.finance)
        except Exception:
            self.failed()
            if not stamp:
                return False
        now = stamp[0] if stamp else time.time()
        self.paid[order_id] = now
        self.first_commit = min(self.first_commit or now, now)
        return True

    def follow_up(self) -> None:
        """Change, then renew, each chosen subscription that is active."""
        from marketplace.models import Subscription, SubscriptionStatus
        from marketplace.services.subscriptions import (
            subscription_renew,
            subscription_update,
        )

        waiting = [line for line in self.chosen if self.follow.get(line, [0])[-1] < 2]
        try:
            active = list(
                Subscription.objects.filter(
                    order_line_id__in=waiting, status=SubscriptionStatus.ACTIVE
                )
            )
        except Exception:
            self.failed()
            return
        for sub in active:
            if sub.order_line_id not in self.follow:
                assert sub.term_end is not None  # noqa: S101
                target = (sub.quantity + 1, sub.term_end + timedelta(days=365))
                self.follow[sub.order_line_id] = [sub.pk, target, 0]
            entry = self.follow[sub.order_line_id]
            (quantity, term_end), step = entry[1], entry[2]
            try:
                if step == 0:
                    sub = subscription_update(
                        user=self.world.staff, subscription=sub, quantity=quantity
                    )
                    entry[2] = step = 1
                if step == 1:
                    subscription_renew(
                        user=self.world.staff, subscription=sub, term_end=term_end
                    )
                    entry[2] = 2
            except Exception:
                self.failed()
                try:
                    sub.refresh_from_db()
                except Exception:
                    self.failed()
                    continue
                entry[2] = (sub.term_end == term_end) + (sub.quantity == quantity)

    def done(self) -> bool:
        return len(self.paid) == len(self.world.orders) and all(
            self.follow.get(line, [0])[-1] == 2 for line in self.chosen
        )

    def expected(self) -> set[tuple[str, int]]:
        """The events it saw committed: a provision for each line of a paid
        order (by line), and each change and renewal (by subscription)."""
        events = {
            ("subscription.provision", line)
            for order in self.paid
            for line in self.world.lines[order]
        }
        for sub, _target, step in self.follow.values():
            if step >= 1:
                events.add(("subscription.update", sub))
            if step == 2:
                events.add(("subscription.renew", sub))
        return events
