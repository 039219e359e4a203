"""The package's own records as files of its dossier: the package as composed now
(`package.json`), each quote (its PDF and its data with the approval history), each
order with its lines and status history, each invoice, receipt and credit note as
issued (its stored PDF, byte for byte), and the endorsement record of each curated
solution.

Amounts in the JSON files are integers in minor units of the `currency` beside
them; times are ISO 8601 with their offset."""

from __future__ import annotations

import hashlib
from typing import Any

from accounts.models import User
from marketplace.evidence import EvidenceFile, json_file
from marketplace.models import Document, Order, Quote, StatusChange
from marketplace.selectors.dossier import CuratedListing, DossierRecords
from marketplace.services.documents import document_pdf
from marketplace.services.quote_pdf import quote_pdf


class DossierIntegrityError(Exception):
    """An issued document's stored PDF no longer matches its stored SHA-256: the
    dossier is not made, rather than filing a file that changed."""


def _person(user: User | None) -> dict[str, str] | None:
    if user is None:
        return None
    return {"name": user.get_full_name(), "email": user.email}


def _history(changes: list[StatusChange]) -> list[dict[str, Any]]:
    return [
        {
            "at": change.at,
            "subject": change.subject.value,
            "name": str(change.subject_name),
            "from": change.from_status,
            "to": change.to_status,
            "reason": change.reason,
            "reason_label": change.get_reason_display(),
            "note": change.note,
            "by": _person(change.by),
        }
        for change in changes
    ]


def package_file(records: DossierRecords) -> EvidenceFile:
    """The package as composed now, priced today, and its cost over time."""
    package, costs = records.package, records.summary.costs
    phases = []
    for phase in records.phases:
        phases.append(
            {
                "number": phase.number,
                "name": phase.name,
                "planned_start": phase.planned_start,
                "note": phase.note,
                "lines": [
                    {
                        "listing": item.line.plan.listing.title,
                        "vendor": item.line.plan.listing.vendor.organization.name,
                        "plan_code": item.line.plan.code,
                        "plan": item.line.plan.name,
                        "billing": item.price.billing,
                        "quantity": item.line.quantity,
                        "site": item.line.site,
                        "note": item.line.note,
                        "unit_price": item.price.list_unit_price,
                        "one_time": item.price.one_time,
                        "recurring": item.price.recurring,
                        "term_total": item.term_total,
                    }
                    for item in phase.lines
                ],
            }
        )
    data: dict[str, Any] = {
        "id": package.pk,
        "name": package.name,
        "organization": package.organization.name,
        "currency": package.currency,
        "annual_budget": package.budget,
        "created_at": package.created_at,
        "phases": phases,
    }
    if costs is not None:
        data["cost_over_time"] = {
            "fiscal_year_start_month": costs.fiscal_year_start_month,
            "start": costs.start,
            "fiscal_years": [
                {
                    "label": year.label,
                    "start": year.year.start,
                    "one_time": year.one_time,
                    "recurring": year.recurring,
                    "renewals": year.renewals,
                    "total": year.total,
                    "over_budget": year.over_budget,
                }
                for year in costs.years
            ],
            "total_cost_of_ownership": [
                {"years": total.years, "until": total.until, "amount": total.amount}
                for total in costs.ownership
            ],
        }
    return json_file("package.json", data)


def quote_data(quote: Quote) -> dict[str, Any]:
    return {
        "number": quote.number,
        "status": quote.status,
        "status_label": quote.get_status_display(),
        "package": quote.package_name,
        "currency": quote.currency,
        "tax_rate_basis_points": quote.tax_rate,
        "created_at": quote.created_at,
        "valid_until": quote.valid_until,
        "requested_by": _person(quote.requested_by),
        "approvals_needed": quote.approvals_needed,
        "totals": {
            "one_time": quote.one_time,
            "recurring_monthly": quote.recurring_monthly,
            "recurring_annual": quote.recurring_annual,
            "discount": quote.discount,
            "first_year": quote.first_year,
            "tax": quote.tax,
            "first_charge": quote.first_charge,
        },
        "phases": [
            {
                "number": phase.number,
                "name": phase.name,
                "planned_start": phase.planned_start,
                "price_hold_until": phase.price_hold_until,
                "one_time": phase.one_time,
                "recurring_monthly": phase.recurring_monthly,
                "recurring_annual": phase.recurring_annual,
                "discount": phase.discount,
                "tax": phase.tax,
                "first_charge": phase.first_charge,
            }
            for phase in quote.phases.all()
        ],
        "lines": [
            {
                "phase": line.phase,
                "site": line.site,
                "vendor": line.vendor_name,
                "listing": line.listing_title,
                "plan_code": line.plan_code,
                "plan": line.plan_name,
                "billing": line.billing,
                "unit": line.unit,
                "contract_term_months": line.contract_term_months,
                "quantity": line.quantity,
                "list_unit_price": line.list_unit_price,
                "sale_unit_price": line.sale_unit_price,
                "sale_units": line.sale_units,
                "setup_fee": line.setup_fee,
                "subtotal": line.subtotal,
                "discount": line.discount,
            }
            for line in quote.lines.all()
        ],
        "approval_history": [
            {
                "decision": decision.decision,
                "decision_label": decision.get_decision_display(),
                "by": _person(decision.by),
                "at": decision.at,
                "comment": decision.comment,
            }
            for decision in quote.decisions.all()
        ],
        "status_history": _history(list(quote.status_changes.all())),
    }


def quote_files(records: DossierRecords) -> list[EvidenceFile]:
    """Each quote's PDF (with its approval history) and its data."""
    files = []
    for quote in records.quotes:
        files.append(EvidenceFile(f"quotes/{quote.number}.pdf", quote_pdf(quote)))
        files.append(json_file(f"quotes/{quote.number}.json", quote_data(quote)))
    return files


def order_data(order: Order, documents: list[Document]) -> dict[str, Any]:
    return {
        "number": order.number,
        "kind": order.kind,
        "kind_label": order.get_kind_display(),
        "quote": order.quote.number,
        "phase": order.phase,
        "first_order": order.parent.number if order.parent else None,
        "status": order.status,
        "status_label": order.get_status_display(),
        "placed_at": order.placed_at,
        "placed_by": _person(order.placed_by),
        "payment_method": order.payment_method,
        "purchase_order": order.purchase_order,
        "due_on": order.due_on,
        "paid_at": order.paid_at,
        "cancelled_at": order.cancelled_at,
        "currency": order.currency,
        "amount_tax_included": order.amount,
        "vendor_orders": [
            {
                "number": vendor_order.number,
                "vendor": vendor_order.vendor.organization.name,
                "amount_before_tax": vendor_order.gross,
                "lines": [
                    {
                        "kind": line.kind,
                        "listing": line.quote_line.listing_title,
                        "plan_code": line.quote_line.plan_code,
                        "plan": line.quote_line.plan_name,
                        "quantity": line.quantity,
                        "amount_before_tax": line.amount,
                        "period_start": line.period_start,
                        "period_end": line.period_end,
                    }
                    for line in vendor_order.lines.all()
                ],
            }
            for vendor_order in order.vendor_orders.all()
        ],
        "documents": [
            {
                "number": document.number,
                "kind": document.kind,
                "issued_at": document.issued_at,
                "total_tax_included": document.total,
                "file": f"documents/{document.number}.pdf",
            }
            for document in documents
        ],
        "status_history": _history(list(order.status_changes.all())),
    }


def order_files(records: DossierRecords) -> list[EvidenceFile]:
    return [
        json_file(
            f"orders/{order.number}.json",
            order_data(order, records.documents_of(order)),
        )
        for order in records.orders
    ]


def document_files(records: DossierRecords) -> list[EvidenceFile]:
    """Each document's PDF as issued and kept. (One never downloaded before is
    rendered from its frozen data now, once, and kept: the same file from then on.)
    Its bytes must match its stored SHA-256."""
    files = []
    for document in records.documents:
        content = document_pdf(document)
        if hashlib.sha256(content).hexdigest() != document.sha256:
            raise DossierIntegrityError(
                f"{document.number}: the stored PDF does not match its SHA-256."
            )
        files.append(EvidenceFile(f"documents/{document.number}.pdf", content))
    return files


def endorsement_data(curated: CuratedListing, records: DossierRecords) -> dict:
    listing = curated.listing
    quoted = records.latest_quote
    return {
        "listing": {
            "id": listing.pk,
            "slug": listing.slug,
            "title": listing.title,
            "vendor": listing.vendor.organization.name,
        },
        "endorsements": [
            {
                "endorsed_at": endorsement.endorsed_at,
                "expires_at": endorsement.expires_at,
                "reviewer": _person(endorsement.endorsed_by),
                "criteria": [
                    {"name": criterion.name, "description": criterion.description}
                    for criterion in endorsement.criteria.all()
                ],
                "rationale": endorsement.rationale,
                "revoked_at": endorsement.revoked_at,
                "revoked_by": _person(endorsement.revoked_by),
                "revoke_reason": endorsement.revoke_reason,
                "status_now": endorsement.status,
                "status_when_last_quoted": (
                    endorsement.status_at(quoted.created_at) if quoted else None
                ),
            }
            for endorsement in curated.endorsements
        ],
    }


def endorsement_files(records: DossierRecords) -> list[EvidenceFile]:
    return [
        json_file(
            f"endorsements/{curated.listing.slug}.json",
            endorsement_data(curated, records),
        )
        for curated in records.curated
    ]
