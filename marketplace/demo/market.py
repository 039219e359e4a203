"""What the demo buyers choose from, for their twelve months of orders
(`demo.history`): the published listings and their plans, read once, and how a
buyer picks solutions — by its kind (a city buys smart-city solutions, a company
mostly enterprise ones), its region, the listing's standing, Select and sales;
and the sales the curators ran over the year.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol

from django.utils import timezone

from accounts.models import User
from marketplace.models import Endorsement, Listing, Plan, Promotion
from marketplace.services.curation import promotion_create

if TYPE_CHECKING:
    from marketplace.demo.history import History

# How many units a buyer orders, by the plan's unit.
QUANTITIES = {
    "device": (10, 20, 40, 60, 100, 150, 250, 400),
    "site": (1, 2, 3, 4, 6, 10, 15),
    "user": (25, 50, 80, 120, 200, 350, 600),
    "flat": (1,),
}
# Monthly plans are bought only in the last months: a year of monthly renewals
# of every line would make the history slow to load, not more telling.
MONTHLY_WITHIN_DAYS = 120
LUMEN = "lumen-urban-systems"


class Buyer(Protocol):
    municipal: bool
    region: str


@dataclass(frozen=True)
class Line:
    plan: Plan
    quantity: int


@dataclass
class Offer:
    listing: Listing
    category: str
    smart_city: bool
    regions: frozenset[str]
    plans: list[Plan]
    weight: float


@dataclass
class Catalog:
    listings: dict[int, Offer]
    endorsements: list[Endorsement]
    sales: list[Promotion] = field(default_factory=list)

    def plan(self, plan_id: int) -> Plan:
        for offer in self.listings.values():
            for plan in offer.plans:
                if plan.pk == plan_id:
                    return plan
        raise KeyError(plan_id)

    def _curated(self, listing_id: int, now) -> bool:
        return any(
            e.listing_id == listing_id
            and e.revoked_at is None
            and e.endorsed_at <= now < e.expires_at
            for e in self.endorsements
        )

    def _on_sale(self, offer: Offer, now) -> bool:
        plans = {plan.pk for plan in offer.plans}
        return any(
            sale.plan_id in plans and sale.starts_at <= now < sale.ends_at
            for sale in self.sales
        )

    def pick(self, rng: random.Random, buyer: Buyer, *, recent: bool) -> list[Line]:
        """One to three solutions for a package, and their plans and quantities."""
        now = timezone.now()
        offers, weights = [], []
        for offer in self.listings.values():
            if buyer.region not in offer.regions:
                continue
            weight = offer.weight
            if offer.smart_city != buyer.municipal:
                weight *= 0.05 if buyer.municipal else 0.4
            if self._curated(offer.listing.pk, now):
                weight *= 2.5
            if self._on_sale(offer, now):
                weight *= 60
            offers.append(offer)
            weights.append(weight)
        if not offers:
            return []
        wanted = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        chosen: dict[int, Offer] = {}
        for _attempt in range(wanted * 3):
            offer = rng.choices(offers, weights=weights)[0]
            chosen.setdefault(offer.listing.pk, offer)
            if len(chosen) == wanted:
                break
        lines: list[Line] = []
        for offer in chosen.values():
            lines += _lines_for(rng, offer, recent=recent)
        return lines

    def package_name(self, lines: list[Line]) -> str:
        names = list(dict.fromkeys(line.plan.listing.category.name for line in lines))
        season = timezone.localdate().strftime("%B %Y")
        return f"{' and '.join(names[:2])}, {season}"


def _quantity(rng: random.Random, plan: Plan, base: int | None = None) -> int:
    quantity = base or rng.choice(QUANTITIES.get(plan.unit, (1,)))
    if plan.unit == "flat":
        quantity = 1
    quantity = max(quantity, plan.min_quantity or 1)
    return min(quantity, plan.max_quantity) if plan.max_quantity else quantity


def _lines_for(rng: random.Random, offer: Offer, *, recent: bool) -> list[Line]:
    """The plans a buyer takes: a device and the platform that runs it, or one
    service plan; monthly ones only lately (`MONTHLY_WITHIN_DAYS`)."""
    usable = [p for p in offer.plans if recent or p.billing != "monthly"]
    if not usable:
        return []
    first = usable[0]
    line = Line(first, _quantity(rng, first))
    if first.billing == "one_time":
        service = next((p for p in usable[1:] if p.billing != "one_time"), None)
        if service is not None:
            base = line.quantity if service.unit == first.unit else None
            return [line, Line(service, _quantity(rng, service, base))]
    return [line]


def catalog_load() -> Catalog:
    """The published listings with plans, each with a standing of its own (most
    sell little, a few a lot); the demo vendor's a little more, for its portal."""
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    listings: dict[int, Offer] = {}
    query = (
        Listing.objects.published()
        .select_related("category__parent", "vendor__organization")
        .prefetch_related("plans")
        .order_by("slug")
    )
    for listing in query:
        plans = sorted(listing.plans.all(), key=lambda plan: plan.sort_order)
        if not plans:
            continue
        category = listing.category
        sector = category.parent.sector if category.parent else category.sector
        weight = math.exp(rng.gauss(0, 0.9))
        if listing.vendor.organization.slug == LUMEN:
            weight *= 5
        listings[listing.pk] = Offer(
            listing=listing,
            category=category.slug,
            smart_city=sector == "smart_city",
            regions=frozenset(str(code) for code in listing.regions),
            plans=plans,
            weight=weight,
        )
    return Catalog(
        listings=listings,
        endorsements=list(Endorsement.objects.all()),
        sales=list(Promotion.objects.live()),
    )


def sales_schedule(history: History, curator: User) -> None:
    """Every month or two, a week or two off one plan of each curated listing,
    from some weeks after it entered Select; all over before today (the sales
    running now are curation's)."""
    rng = history.rng
    last = timezone.make_aware(datetime.combine(history.today, time(0, 0)))
    last -= timedelta(days=2)
    for endorsement in Endorsement.objects.order_by("endorsed_at", "pk"):
        listing = history.catalog.listings.get(endorsement.listing_id)
        if listing is None:
            continue
        plan = listing.plans[0]
        starts = endorsement.endorsed_at + timedelta(days=rng.randint(10, 40))
        while True:
            ends = starts + timedelta(days=rng.choice((7, 10, 14)))
            if ends >= min(last, endorsement.expires_at):
                break

            def announce(plan_id=plan.pk, starts=starts, ends=ends) -> None:
                promotion = promotion_create(
                    plan=history.catalog.plan(plan_id),
                    user=curator,
                    percent_off=rng.choice((10, 15, 20, 25)),
                    starts_at=starts,
                    ends_at=ends,
                )
                history.catalog.sales.append(promotion)
                history.counts["sales"] += 1

            history.at(starts - timedelta(days=2), announce)
            starts = ends + timedelta(days=rng.randint(35, 70))
