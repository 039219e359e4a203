"""Reads of comparisons: a listing as the compare page shows it (what a comparison
freezes), the page's rows with where the solutions differ, the solutions to add,
and a package's saved comparisons as evidence for its page and its procurement
dossier (one JSON and one CSV file each)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.spreadsheets import csv_writer
from marketplace.evidence import (
    EvidenceEntry,
    EvidenceFile,
    EvidenceSource,
    json_file,
)
from marketplace.models import Listing, Package, SavedComparison
from marketplace.money import Money
from marketplace.selectors.catalog import listings_published


def listing_compared(listing: Listing) -> dict[str, Any]:
    """A listing as the compare page shows it now (from `listings_published(
    detail=True)`): amounts in minor units, sale prices as they run now."""
    lowest = listing.price_now
    endorsement = listing.endorsement
    return {
        "listing_id": listing.pk,
        "slug": listing.slug,
        "title": listing.title,
        "vendor": listing.vendor.organization.name,
        "category": listing.category.name,
        "curated": endorsement is not None,
        "endorsed_until": endorsement.expires_at.isoformat() if endorsement else None,
        "price_from": lowest[0].amount if lowest else None,
        "currency": lowest[0].currency if lowest else "",
        "plans": [
            {
                "code": plan.code,
                "name": plan.name,
                "billing": plan.billing,
                "unit": plan.unit,
                "currency": plan.currency,
                "unit_price": plan.unit_price,
                "sale_unit_price": plan.unit_price_now.amount,
                "setup_fee": plan.setup_fee,
                "contract_term_months": plan.contract_term_months,
            }
            for plan in listing.plans.all()
        ],
        "deployment_model": listing.deployment_model,
        "protocols": [protocol.name for protocol in listing.protocols.all()],
        "certifications": [item.name for item in listing.certifications.all()],
        "regions": [
            str(getattr(country, "code", country)) for country in listing.regions
        ],
        "sla_uptime": str(listing.sla_uptime) if listing.sla_uptime else None,
        "support_hours": listing.support_hours,
        "reference_deployments": len(listing.reference_deployments.all()),
        "rating": str(listing.rating) if listing.rating else None,
        "rating_count": listing.rating_count,
    }


# The compare page's rows, in order: each names what of `listing_compared` decides
# whether the solutions differ on it. Plans differ by their terms and prices, not
# by what each vendor calls them.
COMPARED_ROWS: tuple[tuple[str, Any], ...] = (
    ("vendor", gettext_lazy("Vendor")),
    ("category", gettext_lazy("Category")),
    ("curated", gettext_lazy("Select")),
    ("price_from", gettext_lazy("Price from")),
    ("plans", gettext_lazy("Plans")),
    ("deployment_model", gettext_lazy("Deployment")),
    ("protocols", gettext_lazy("Protocols")),
    ("certifications", gettext_lazy("Certifications")),
    ("regions", gettext_lazy("Regions served")),
    ("sla_uptime", gettext_lazy("SLA uptime")),
    ("support_hours", gettext_lazy("Support")),
    ("reference_deployments", gettext_lazy("Reference deployments")),
    ("rating", gettext_lazy("Rating")),
)


@dataclass(frozen=True)
class ComparedRow:
    """A row of the compare page: what it shows, and whether the solutions differ
    on it (never with fewer than two)."""

    key: str
    label: str
    differs: bool


def _row_value(item: dict[str, Any], key: str) -> Any:
    if key == "curated":
        return (item["curated"], item["endorsed_until"])
    if key == "price_from":
        return (item["price_from"], item["currency"])
    if key == "plans":
        return sorted(
            (
                plan["billing"],
                plan["unit"],
                plan["currency"],
                plan["sale_unit_price"],
                plan["setup_fee"],
                plan["contract_term_months"],
            )
            for plan in item["plans"]
        )
    if key == "rating":
        return (item["rating"], item["rating_count"])
    value = item[key]
    return sorted(value) if isinstance(value, list) else value


def compared_rows(listings: Sequence[Listing]) -> list[ComparedRow]:
    """The rows of the compare page for these listings (from
    `listings_published(detail=True)`), each marked when their values differ."""
    items = [listing_compared(listing) for listing in listings]
    return [
        ComparedRow(
            key=key,
            label=str(label),
            differs=len({repr(_row_value(item, key)) for item in items}) > 1,
        )
        for key, label in COMPARED_ROWS
    ]


def listings_to_compare(
    text: str, *, exclude: Sequence[str] = (), limit: int = 10
) -> list[Listing]:
    """Published listings whose title, vendor or category holds `text`: what the
    compare page offers to add, leaving out the slugs already compared."""
    text = text.strip()
    if not text:
        return []
    matching = (
        Q(title__icontains=text)
        | Q(vendor__organization__name__icontains=text)
        | Q(category__name__icontains=text)
    )
    return list(
        listings_published()
        .filter(matching)
        .exclude(slug__in=list(exclude))
        .order_by("title", "pk")[:limit]
    )


def package_comparisons(package: Package) -> list[SavedComparison]:
    return list(
        SavedComparison.objects.filter(package=package)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


def comparison_stem(comparison: SavedComparison) -> str:
    """The comparison's file name without extension: when it was saved (UTC) and
    its id, so names sort by date and never collide."""
    moment = comparison.created_at.astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}-{comparison.pk}"


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


CSV_COLUMNS = (
    "position",
    "title",
    "vendor",
    "category",
    "curated",
    "price_from",
    "currency",
    "plans",
    "deployment_model",
    "protocols",
    "certifications",
    "regions",
    "sla_uptime",
    "support_hours",
    "reference_deployments",
    "rating",
    "rating_count",
    "url",
)


def comparison_csv(comparison: SavedComparison, *, base_url: str) -> str:
    """One row per solution compared; amounts are exact decimals in major units."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for position, item in enumerate(comparison.listings, start=1):
        price = item["price_from"]
        plans = "; ".join(
            f"{plan['name']} ({plan['code']}): "
            f"{Money(plan['sale_unit_price'], plan['currency']).decimal} "
            f"{plan['currency']} {plan['unit']}, {plan['billing']}"
            for plan in item["plans"]
        )
        writer.writerow(
            [
                position,
                item["title"],
                item["vendor"],
                item["category"],
                "yes" if item["curated"] else "no",
                "" if price is None else Money(price, item["currency"]).decimal,
                item["currency"],
                plans,
                item["deployment_model"],
                ", ".join(item["protocols"]),
                ", ".join(item["certifications"]),
                ", ".join(item["regions"]),
                item["sla_uptime"] or "",
                item["support_hours"],
                item["reference_deployments"],
                item["rating"] or "",
                item["rating_count"],
                f"{base_url}/solutions/{item['slug']}/",
            ]
        )
    return out.getvalue()


class ComparisonEvidence(EvidenceSource):
    """The comparisons saved to the package, each frozen as it was compared."""

    folder = "comparisons"
    position = 20
    title = gettext_lazy("Comparisons saved to this package")
    empty = gettext_lazy("No comparison is saved to this package.")
    manage_url_name = "marketplace:compare"
    manage_label = gettext_lazy("Compare solutions, then save the comparison here")

    def entries(self, package: Package) -> list[EvidenceEntry]:
        entries = []
        for comparison in package_comparisons(package):
            compared = " · ".join(
                f"{item['title']} ({item['vendor']})" for item in comparison.listings
            )
            details = [compared]
            if comparison.note:
                details.append(_("Note: %(note)s") % {"note": comparison.note})
            entries.append(
                EvidenceEntry(
                    title=_("Compared on %(when)s by %(name)s")
                    % {
                        "when": _when(comparison.created_at),
                        "name": comparison.saved_by_name,
                    },
                    details=tuple(details),
                )
            )
        return entries

    def files(self, package: Package) -> list[EvidenceFile]:
        base_url = settings.SITE_URL.rstrip("/")
        files = []
        for comparison in package_comparisons(package):
            stem = comparison_stem(comparison)
            files.append(
                json_file(
                    f"{stem}.json",
                    {
                        "id": comparison.pk,
                        "package": {"id": package.pk, "name": package.name},
                        "saved_at": comparison.created_at,
                        "saved_by": comparison.saved_by_name,
                        "note": comparison.note,
                        "listings": comparison.listings,
                    },
                )
            )
            files.append(
                EvidenceFile(
                    f"{stem}.csv",
                    comparison_csv(comparison, base_url=base_url).encode(),
                )
            )
        return files
