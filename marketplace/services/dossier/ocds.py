"""A package's contracting process as an Open Contracting (OCDS 1.1) release
package: the standard public buyers publish for transparency.

One release gives the process as it stands: the package's annual budget and phases
(planning), its latest quote (the tender), one award per vendor of each approved
quote, and one contract per vendor of each released phase (a call-off order; OCDS
ties a contract to one award, and an award to its suppliers). docs/dossier.md maps
every field to where it comes from.

Amounts are JSON numbers in major units, written from exact decimals
(`ocds_schema`). Every package made is validated against the standard's schema
before it leaves: an invalid one is a bug, never published.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization
from marketplace.models import (
    Order,
    OrderKind,
    OrderStatus,
    Package,
    Quote,
    QuoteLine,
    QuoteStatus,
    VendorOrder,
)
from marketplace.models.catalog import BillingPeriod, PriceUnit
from marketplace.money import major_units
from marketplace.selectors.dossier import DossierRecords, dossier_records
from marketplace.selectors.packages import term_total
from marketplace.services.dossier.ocds_schema import (
    ocds_json,
    ocds_parse,
    ocds_validate,
)
from marketplace.services.subscriptions import add_months

OCDS_VERSION = "1.1"

TENDER_STATUS: dict[str, str] = {
    QuoteStatus.PENDING: "active",
    QuoteStatus.APPROVED: "complete",
    QuoteStatus.ORDERED: "complete",
    # A new quote follows the changes asked for.
    QuoteStatus.RETURNED: "cancelled",
    QuoteStatus.REJECTED: "unsuccessful",
    QuoteStatus.SUPERSEDED: "withdrawn",
}
CONTRACT_STATUS: dict[str, str] = {
    OrderStatus.PENDING_PAYMENT: "pending",
    OrderStatus.PAID: "active",
    OrderStatus.CANCELLED: "cancelled",
    OrderStatus.REFUNDED: "terminated",
}


# Values ---------------------------------------------------------------------------


def _moment(value: datetime | date | None) -> str | None:
    """A date-time as OCDS writes them (RFC 3339, with the offset); a day is its
    start in the site's time zone."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(
            value, time.min, tzinfo=timezone.get_current_timezone()
        )
    return timezone.localtime(value).isoformat(timespec="seconds")


def _value(amount: int, currency: str) -> dict[str, Any]:
    return {"amount": major_units(amount, currency), "currency": currency}


def _line_total(line: QuoteLine) -> int:
    """A quote line over its contract term, before tax."""
    one_time = line.setup_fee + (line.subtotal if line.billing == "one_time" else 0)
    recurring = 0 if line.billing == "one_time" else line.subtotal
    return term_total(
        billing=line.billing,
        one_time=one_time,
        recurring=recurring,
        term_months=line.contract_term_months,
    )


def _unit_name(line: QuoteLine) -> str:
    unit = dict(PriceUnit.choices).get(line.unit, line.unit)
    billing = dict(BillingPeriod.choices).get(line.billing, line.billing)
    return f"{unit}, {str(billing).lower()}"


def _items(lines: list[QuoteLine], currency: str) -> list[dict[str, Any]]:
    """Each quote line as items: its units at the list price, those at a sale
    price (when a sale priced some), and its setup fee."""
    items: list[dict[str, Any]] = []
    for line in lines:
        description = f"{line.listing_title} — {line.plan_name} ({line.plan_code})"
        details = [line.vendor_name, _("phase %(number)s") % {"number": line.phase}]
        if line.site:
            details.append(line.site)
        text = f"{description}; {', '.join(details)}"
        at_list_price = line.quantity - line.sale_units
        if at_list_price:
            items.append(
                {
                    "id": str(line.pk),
                    "description": text,
                    "quantity": at_list_price,
                    "unit": {
                        "name": _unit_name(line),
                        "value": _value(line.list_unit_price, currency),
                    },
                }
            )
        if line.sale_units:
            items.append(
                {
                    "id": f"{line.pk}-sale",
                    "description": _("%(line)s (at a sale price)") % {"line": text},
                    "quantity": line.sale_units,
                    "unit": {
                        "name": _unit_name(line),
                        "value": _value(line.sale_unit_price, currency),
                    },
                }
            )
        if line.setup_fee:
            items.append(
                {
                    "id": f"{line.pk}-setup",
                    "description": _("%(line)s: setup fee") % {"line": text},
                    "quantity": 1,
                    "unit": {
                        "name": _("setup"),
                        "value": _value(line.setup_fee, currency),
                    },
                }
            )
    return items


# Parties --------------------------------------------------------------------------


def _party_id(organization: Organization) -> str:
    return f"agora-{organization.slug}"


def _reference(organization: Organization) -> dict[str, str]:
    return {"id": _party_id(organization), "name": organization.name}


def _buyer_party(organization: Organization) -> dict[str, Any]:
    party: dict[str, Any] = {
        **_reference(organization),
        "roles": ["buyer", "procuringEntity"],
    }
    if organization.tax_id:
        party["identifier"] = {
            "id": organization.tax_id,
            "legalName": organization.legal_name or organization.name,
        }
    address = {
        "streetAddress": organization.billing_address,
        "locality": organization.locality,
        "countryName": str(getattr(organization.region, "name", "") or ""),
    }
    if any(address.values()):
        party["address"] = {key: value for key, value in address.items() if value}
    return party


def _vendor_parties(records: DossierRecords, awarded: set[int]) -> list[dict[str, Any]]:
    """Every vendor of the package's quotes: a tenderer, and a supplier once one
    of its quotes was approved."""
    vendors: dict[int, Organization] = {}
    for quote in records.quotes:
        for line in quote.lines.all():
            vendors.setdefault(line.vendor.organization_id, line.vendor.organization)
    return [
        {
            **_reference(organization),
            "roles": ["tenderer", "supplier"] if pk in awarded else ["tenderer"],
        }
        for pk, organization in sorted(
            vendors.items(), key=lambda item: (item[1].name, item[0])
        )
    ]


# Sections -------------------------------------------------------------------------


def _planning(records: DossierRecords) -> dict[str, Any]:
    package = records.package
    planning: dict[str, Any] = {}
    if package.budget is not None:
        planning["budget"] = {
            "id": f"package-{package.pk}-budget",
            "description": _("Annual budget of the package “%(name)s”")
            % {"name": package.name},
            "amount": _value(package.budget, package.currency),
        }
    milestones = []
    for phase in records.phases:
        milestone: dict[str, Any] = {
            "id": f"phase-{phase.number}",
            "title": _("Phase %(number)s: %(name)s")
            % {"number": phase.number, "name": phase.name},
            "type": "delivery",
        }
        if phase.note:
            milestone["description"] = phase.note
        if phase.planned_start:
            milestone["dueDate"] = _moment(phase.planned_start)
        milestones.append(milestone)
    if milestones:
        planning["milestones"] = milestones
    return planning


def _vendors_of(lines: list[QuoteLine]) -> list[tuple[Organization, list[QuoteLine]]]:
    by_vendor: dict[int, tuple[Organization, list[QuoteLine]]] = {}
    for line in lines:
        organization = line.vendor.organization
        by_vendor.setdefault(organization.pk, (organization, []))[1].append(line)
    return sorted(by_vendor.values(), key=lambda item: (item[0].name, item[0].pk))


def _tender(quote: Quote) -> dict[str, Any]:
    lines = list(quote.lines.all())
    vendors = [organization for organization, _lines in _vendors_of(lines)]
    return {
        "id": quote.number,
        "title": quote.package_name,
        "description": _(
            "Quote %(number)s: every phase of the package not yet ordered, at the "
            "prices of %(day)s, before tax over each plan's contract term."
        )
        % {
            "number": quote.number,
            "day": timezone.localtime(quote.created_at).date().isoformat(),
        },
        "status": TENDER_STATUS.get(quote.status, "active"),
        "procuringEntity": _reference(quote.organization),
        "items": _items(lines, quote.currency),
        "value": _value(sum(_line_total(line) for line in lines), quote.currency),
        "procurementMethodDetails": _(
            "Composed à la carte from the solutions of Agora's open marketplace, "
            "quoted at their published prices and approved by the buyer."
        ),
        "tenderPeriod": {
            "startDate": _moment(quote.created_at),
            "endDate": _moment(quote.valid_until),
        },
        "numberOfTenderers": len(vendors),
        "tenderers": [_reference(organization) for organization in vendors],
    }


def _award_id(quote: Quote, organization: Organization) -> str:
    return f"{quote.number}-{_party_id(organization)}"


def _awards(records: DossierRecords) -> list[dict[str, Any]]:
    awards = []
    for quote in records.awarded_quotes:
        for organization, lines in _vendors_of(list(quote.lines.all())):
            award: dict[str, Any] = {
                "id": _award_id(quote, organization),
                "title": _("%(vendor)s, quote %(number)s")
                % {"vendor": organization.name, "number": quote.number},
                "status": "active",
                "value": _value(
                    sum(_line_total(line) for line in lines), quote.currency
                ),
                "suppliers": [_reference(organization)],
                "items": _items(lines, quote.currency),
            }
            if quote.approved_at:
                award["date"] = _moment(quote.approved_at)
            awards.append(award)
    return awards


def _period(vendor_order: VendorOrder, order: Order) -> dict[str, Any]:
    """From the call-off's first day to the end of its longest contract term."""
    lines = [line.quote_line for line in vendor_order.lines.all()]
    start = min(
        (line.period_start for line in vendor_order.lines.all() if line.period_start),
        default=timezone.localtime(order.placed_at).date(),
    )
    period: dict[str, Any] = {"startDate": _moment(start)}
    terms = [
        line.contract_term_months or 12 for line in lines if line.billing != "one_time"
    ]
    if terms:
        period["endDate"] = _moment(add_months(start, max(terms)))
    return period


def _contracts(records: DossierRecords) -> list[dict[str, Any]]:
    names = {phase.number: phase.name for phase in records.phases}
    contracts = []
    for order in records.releases:
        quote = order.quote
        for vendor_order in order.vendor_orders.all():
            organization = vendor_order.vendor.organization
            lines = [
                line.quote_line
                for line in vendor_order.lines.all()
                if line.kind == OrderKind.INITIAL
            ]
            contracts.append(
                {
                    "id": vendor_order.number,
                    "awardID": _award_id(quote, organization),
                    "title": _("Phase %(number)s: %(name)s — %(vendor)s")
                    % {
                        "number": order.phase,
                        "name": names.get(order.phase, order.phase),
                        "vendor": organization.name,
                    },
                    "description": _(
                        "Order %(order)s releases phase %(number)s of quote "
                        "%(quote)s; this vendor's part of it."
                    )
                    % {
                        "order": order.number,
                        "number": order.phase,
                        "quote": quote.number,
                    },
                    "status": CONTRACT_STATUS.get(order.status, "pending"),
                    "period": _period(vendor_order, order),
                    "value": _value(
                        sum(_line_total(line) for line in lines), order.currency
                    ),
                    "items": _items(lines, order.currency),
                    "dateSigned": _moment(order.placed_at),
                }
            )
    return contracts


# The package ----------------------------------------------------------------------


def ocid_for(records: DossierRecords) -> str:
    return f"{settings.OCDS_OCID_PREFIX}-package-{records.package.pk}"


def ocds_release_package(
    records: DossierRecords, *, published_at: datetime
) -> dict[str, Any]:
    """The package's contracting process as a release package (a dict whose
    amounts are Decimal: write it with `ocds_json`)."""
    package = records.package
    organization = package.organization
    ocid = ocid_for(records)
    awards = _awards(records)
    contracts = _contracts(records)
    awarded = {
        line.vendor.organization_id
        for quote in records.awarded_quotes
        for line in quote.lines.all()
    }
    tags = ["planning"]
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": "",
        "date": _moment(records.last_change),
        "tag": tags,
        "initiationType": "tender",
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "parties": [_buyer_party(organization), *_vendor_parties(records, awarded)],
        "buyer": _reference(organization),
        "planning": _planning(records),
    }
    if (quote := records.latest_quote) is not None:
        tags.append("tender")
        release["tender"] = _tender(quote)
    if awards:
        tags.append("award")
        release["awards"] = awards
    if contracts:
        tags.append("contract")
        release["contracts"] = contracts
    # The same content keeps its id; any change makes a new release.
    digest = hashlib.sha256(ocds_json(release)).hexdigest()[:12]
    stamp = records.last_change.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    release["id"] = f"{ocid}-{stamp}-{digest}"
    site = settings.SITE_URL.rstrip("/")
    return {
        "uri": site + reverse("api:package-ocds", args=[package.pk]),
        "version": OCDS_VERSION,
        "publishedDate": _moment(published_at),
        "publisher": {"name": settings.PLATFORM_LEGAL_NAME, "uri": f"{site}/"},
        "releases": [release],
    }


def ocds_file(records: DossierRecords, *, published_at: datetime) -> bytes:
    """The release package as the dossier's `ocds.json` and the API serve it,
    refused (`OcdsInvalid`) unless the standard's schema accepts it."""
    content = ocds_json(ocds_release_package(records, published_at=published_at))
    ocds_validate(ocds_parse(content))
    return content


def package_ocds_build(*, package: Package, at: datetime | None = None) -> bytes:
    """The package's contracting process as OCDS JSON, published `at` (now)."""
    return ocds_file(dossier_records(package), published_at=at or timezone.now())
