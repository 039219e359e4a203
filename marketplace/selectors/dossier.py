"""What a package's procurement dossier and its OCDS release package read: the
package as composed now (phases, lines, cost over time), every quote made of it with
its approval decisions, every order (releases, renewals, added units) with its
vendor orders, documents and history, and the endorsements of its curated
solutions. Read once, in a fixed number of queries, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from marketplace.models import (
    Document,
    Endorsement,
    Listing,
    Order,
    OrderKind,
    OrderLine,
    Package,
    Quote,
    QuoteStatus,
    StatusChange,
    VendorOrder,
)
from marketplace.selectors.packages import PackageSummary, package_summarize
from marketplace.selectors.phases import PhasePlan, package_phases

# The quotes whose lines the buyer accepted: their vendors were awarded.
AWARDED = frozenset({QuoteStatus.APPROVED, QuoteStatus.ORDERED})


@dataclass(frozen=True)
class CuratedListing:
    """A solution of the package that curators endorsed, with every endorsement it
    had, newest first (its curation history)."""

    listing: Listing
    endorsements: list[Endorsement]


@dataclass
class DossierRecords:
    package: Package
    summary: PackageSummary
    phases: list[PhasePlan]
    quotes: list[Quote]
    orders: list[Order]
    documents: list[Document]
    curated: list[CuratedListing]

    @property
    def latest_quote(self) -> Quote | None:
        return self.quotes[-1] if self.quotes else None

    @property
    def awarded_quotes(self) -> list[Quote]:
        return [quote for quote in self.quotes if quote.status in AWARDED]

    @property
    def releases(self) -> list[Order]:
        """The orders that released a phase (call-offs), oldest first."""
        return [order for order in self.orders if order.kind == OrderKind.INITIAL]

    def documents_of(self, order: Order) -> list[Document]:
        return [
            document for document in self.documents if document.order_id == order.pk
        ]

    @property
    def last_change(self) -> datetime:
        """When anything the dossier shows last changed: the package, a line, a
        quote's decision, an order's or a payment's status."""
        moments = [self.package.created_at, self.package.updated_at]
        moments += [item.line.created_at for item in self.summary.lines]
        for quote in self.quotes:
            moments += [quote.created_at]
            moments += [decision.at for decision in quote.decisions.all()]
            moments += [change.at for change in quote.status_changes.all()]
        for order in self.orders:
            moments += [order.placed_at]
            moments += [change.at for change in order.status_changes.all()]
        moments += [document.issued_at for document in self.documents]
        return max(moments)


def _quotes(package: Package) -> list[Quote]:
    return list(
        Quote.objects.filter(package=package)
        .select_related("organization", "requested_by", "approved_by")
        .prefetch_related(
            "lines__vendor__organization",
            "phases",
            "decisions__by",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("by").order_by("at", "pk"),
            ),
        )
        .order_by("created_at", "pk")
    )


def _orders(package: Package) -> list[Order]:
    lines = OrderLine.objects.select_related("quote_line").order_by("pk")
    vendor_orders = (
        VendorOrder.objects.select_related("vendor__organization")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("pk")
    )
    return list(
        Order.objects.filter(quote__package=package)
        .select_related("quote", "parent", "placed_by")
        .prefetch_related(
            Prefetch("vendor_orders", queryset=vendor_orders),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related(
                    "by", "payment", "order"
                ).order_by("at", "pk"),
            ),
        )
        .order_by("placed_at", "pk")
    )


def _curated(summary: PackageSummary, quotes: list[Quote]) -> list[CuratedListing]:
    """The package's solutions (its lines now, and every quote's) that were ever
    endorsed, by title."""
    listing_ids = {item.line.plan.listing_id for item in summary.lines}
    listing_ids |= {
        line.listing_id for quote in quotes for line in quote.lines.all()
    } - {None}
    listings = (
        Listing.objects.filter(pk__in=listing_ids, endorsements__isnull=False)
        .distinct()
        .select_related("vendor__organization")
        .prefetch_related(
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("endorsed_by", "revoked_by")
                .prefetch_related("criteria")
                .order_by("-endorsed_at", "-pk"),
            )
        )
        .order_by("title", "pk")
    )
    return [
        CuratedListing(listing, list(listing.endorsements.all()))
        for listing in listings
    ]


def dossier_records(package: Package) -> DossierRecords:
    """Everything a package's dossier files, read now."""
    summary = package_summarize(package)
    quotes = _quotes(package)
    orders = _orders(package)
    documents = list(
        Document.objects.filter(order__in=orders)
        .defer("pdf")
        .order_by("issued_at", "number")
    )
    return DossierRecords(
        package=package,
        summary=summary,
        phases=package_phases(summary),
        quotes=quotes,
        orders=orders,
        documents=documents,
        curated=_curated(summary, quotes),
    )
