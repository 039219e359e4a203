"""The dossier's cover: one PDF that summarizes the choice for a procurement
officer and an auditor. What was bought (the package, its phases and lines), from
whom (the vendors), why (curators' endorsements, the saved searches and comparisons,
the approval decisions with their comments), at what cost over time (per fiscal
year, three- and five-year cost of ownership, the budget), what was ordered and
documented, and which files the dossier holds. Same page, fonts and line breaking
as the quotes and invoices (`cover_layout`, on documents.layout)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.evidence import EvidenceSection
from marketplace.models import EndorsementStatus
from marketplace.selectors.dossier import DossierRecords
from marketplace.services.dossier.cover_layout import (
    CoverPDF,
    day_text,
    money_text,
    when_text,
)


@dataclass(frozen=True)
class Cover:
    """What the cover says beyond the records."""

    records: DossierRecords
    evidence: list[EvidenceSection]
    made_at: datetime
    made_by: User | None
    # Every other file of the dossier, in its order.
    paths: Sequence[str]


def _what(pdf: CoverPDF, records: DossierRecords) -> None:
    summary = records.summary
    pdf.heading(_("What: the package and its phases"))
    if not summary.lines:
        pdf.paragraph(_("The package has no lines."))
    for phase in records.phases:
        pdf.heading(
            _("Phase %(number)s: %(name)s")
            % {"number": phase.number, "name": phase.name},
            level=2,
        )
        facts = [
            _("Planned start: %(day)s") % {"day": day_text(phase.planned_start)}
            if phase.planned_start
            else _("Not dated yet")
        ]
        if phase.note:
            facts.append(phase.note)
        pdf.paragraph(" · ".join(facts), size=8.5, muted=True)
        if not phase.lines:
            continue
        pdf.grid(
            [_("Solution"), _("Vendor"), _("Plan"), _("Quantity"), _("Site")],
            [
                [
                    item.line.plan.listing.title,
                    item.line.plan.listing.vendor.organization.name,
                    f"{item.line.plan.name} ({item.line.plan.get_billing_display()})",
                    formats.number_format(item.line.quantity, force_grouping=True),
                    item.line.site or "—",
                ]
                for item in phase.lines
            ],
            [52, 40, 46, 18, 18],
            ["LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"],
        )
        totals = phase.totals
        pdf.paragraph(
            _(
                "Today's prices, before tax: %(one_time)s one-time · %(monthly)s "
                "monthly · %(annual)s annual · %(first_year)s in its first year."
            )
            % {
                "one_time": money_text(totals.one_time, summary.currency),
                "monthly": money_text(totals.monthly, summary.currency),
                "annual": money_text(totals.annual, summary.currency),
                "first_year": money_text(totals.first_year, summary.currency),
            },
            size=8.5,
        )


def _from_whom(pdf: CoverPDF, records: DossierRecords) -> None:
    pdf.heading(_("From whom: the vendors"))
    vendors: dict[str, list[str]] = {}
    curated_now = {
        item.listing.pk
        for item in records.curated
        if any(e.status == EndorsementStatus.ACTIVE for e in item.endorsements)
    }
    for item in records.summary.lines:
        listing = item.line.plan.listing
        titles = vendors.setdefault(listing.vendor.organization.name, [])
        label = listing.title
        if listing.pk in curated_now:
            label = _("%(title)s (in Select)") % {"title": listing.title}
        if label not in titles:
            titles.append(label)
    if not vendors:
        pdf.paragraph(_("No vendor yet: the package has no lines."))
        return
    pdf.grid(
        [_("Vendor"), _("Solutions")],
        [[name, ", ".join(titles)] for name, titles in sorted(vendors.items())],
        [60, 114],
    )


def _endorsements(pdf: CoverPDF, records: DossierRecords) -> None:
    pdf.heading(_("Curators' endorsements"), level=2)
    if not records.curated:
        pdf.paragraph(_("No solution of this package was ever in the curated tier."))
        return
    for curated in records.curated:
        pdf.paragraph(curated.listing.title, size=9.5, style=pdf.bold)
        for endorsement in curated.endorsements:
            status = str(EndorsementStatus(endorsement.status).label)
            reviewer = (
                endorsement.endorsed_by.get_full_name()
                if endorsement.endorsed_by
                else _("a former curator")
            )
            pdf.paragraph(
                _("%(status)s: endorsed on %(start)s by %(reviewer)s, until %(end)s.")
                % {
                    "status": status,
                    "start": day_text(endorsement.endorsed_at),
                    "reviewer": reviewer,
                    "end": day_text(endorsement.expires_at),
                },
                size=8.5,
            )
            criteria = ", ".join(item.name for item in endorsement.criteria.all())
            if criteria:
                pdf.paragraph(
                    _("Criteria passed: %(criteria)s") % {"criteria": criteria},
                    size=8.5,
                )
            pdf.paragraph(endorsement.rationale, size=8.5, muted=True)
            if endorsement.revoked_at:
                pdf.paragraph(
                    _("Revoked on %(day)s: %(reason)s")
                    % {
                        "day": day_text(endorsement.revoked_at),
                        "reason": endorsement.revoke_reason,
                    },
                    size=8.5,
                )
        pdf.ln(1)


def _evidence(pdf: CoverPDF, evidence: list[EvidenceSection]) -> None:
    for section in evidence:
        pdf.heading(section.title, level=2)
        if not section.entries:
            pdf.paragraph(section.empty, size=8.5)
        for entry in section.entries:
            pdf.paragraph(entry.title, size=9, style=pdf.bold)
            for detail in entry.details:
                pdf.paragraph(detail, size=8.5)
            if entry.missing:
                pdf.paragraph(entry.missing, size=8.5, muted=True)
            pdf.ln(1)


def _decisions(pdf: CoverPDF, records: DossierRecords) -> None:
    pdf.heading(_("Approval decisions"), level=2)
    if not records.quotes:
        pdf.paragraph(_("No quote was asked for yet."), size=8.5)
    for quote in records.quotes:
        if pdf.get_y() > pdf.h - 50:
            # A quote's heading stays with its decisions.
            pdf.add_page()
        pdf.paragraph(
            _("Quote %(number)s (%(status)s), made %(when)s")
            % {
                "number": quote.number,
                "status": quote.get_status_display(),
                "when": when_text(quote.created_at),
            },
            size=9,
            style=pdf.bold,
        )
        rows = [
            [
                when_text(decision.at),
                decision.get_decision_display(),
                decision.by_name or (decision.by.email if decision.by else ""),
                decision.comment or "—",
            ]
            for decision in quote.decisions.all()
        ]
        if rows:
            pdf.grid(
                [_("When"), _("Decision"), _("By"), _("Comment")],
                rows,
                [36, 30, 40, 68],
            )


def _costs(pdf: CoverPDF, records: DossierRecords) -> None:
    package, costs = records.package, records.summary.costs
    pdf.heading(_("Cost over time"))
    if costs is None or not costs.years:
        pdf.paragraph(_("Nothing to cost: the package has no lines."))
        return
    pdf.paragraph(
        _(
            "Per fiscal year of the organization (starting in %(month)s), before "
            "tax, at today's prices. Each phase is charged from its planned start; "
            "contracts are assumed renewed at each term's end, at list prices."
        )
        % {"month": costs.fiscal_year_start_month_name},
        size=8.5,
        muted=True,
    )
    currency = costs.currency
    with_budget = package.budget is not None
    headings = [_("Fiscal year"), _("One-time"), _("Recurring"), _("Renewals")]
    headings.append(_("Total"))
    if with_budget:
        headings.append(_("Against the budget"))
    rows = []
    for year in costs.years:
        row = [
            year.label,
            money_text(year.one_time, currency),
            money_text(year.recurring, currency),
            money_text(year.renewals, currency),
            money_text(year.total, currency),
        ]
        if with_budget:
            row.append(
                _("Over by %(amount)s")
                % {"amount": money_text(year.over_budget, currency)}
                if year.over_budget
                else _("Within the budget")
            )
        rows.append(row)
    widths = [24, 30, 30, 30, 30, 30] if with_budget else [34, 35, 35, 35, 35]
    pdf.grid(headings, rows, widths, ["LEFT", *["RIGHT"] * (len(widths) - 1)])
    facts = [
        _("Total cost of ownership over %(years)s years from %(day)s: %(amount)s")
        % {
            "years": total.years,
            "day": day_text(costs.start),
            "amount": money_text(total.amount, currency),
        }
        for total in costs.ownership
    ]
    if with_budget:
        facts.append(
            _("Annual budget: %(amount)s")
            % {"amount": money_text(package.budget or 0, currency)}
        )
        facts.extend(costs.budget_warnings() or [_("Every year is within the budget.")])
    else:
        facts.append(_("The package has no annual budget."))
    for fact in facts:
        pdf.paragraph(fact, size=9)


def _orders(pdf: CoverPDF, records: DossierRecords) -> None:
    pdf.heading(_("Orders, invoices, receipts and credit notes"))
    if not records.orders:
        pdf.paragraph(_("No phase is ordered yet."))
        return
    pdf.grid(
        [
            _("Order"),
            _("Kind"),
            _("Phase"),
            _("Purchase order"),
            _("Status"),
            _("Amount, tax included"),
            _("Paid"),
        ],
        [
            [
                order.number,
                order.get_kind_display(),
                str(order.phase),
                order.purchase_order or "—",
                order.get_status_display(),
                money_text(order.amount, order.currency),
                day_text(order.paid_at),
            ]
            for order in records.orders
        ],
        [30, 20, 13, 28, 28, 31, 24],
        ["LEFT", "LEFT", "RIGHT", "LEFT", "LEFT", "RIGHT", "LEFT"],
    )
    if records.documents:
        pdf.grid(
            [_("Document"), _("Kind"), _("Order"), _("Issued"), _("Total")],
            [
                [
                    document.number,
                    document.get_kind_display(),
                    next(
                        (o.number for o in records.orders if o.pk == document.order_id),
                        "",
                    ),
                    day_text(document.issued_at),
                    money_text(document.total, document.currency),
                ]
                for document in records.documents
            ],
            [38, 30, 36, 32, 38],
            ["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"],
        )


def dossier_cover_pdf(cover: Cover) -> bytes:
    """The cover in the language active now."""
    records = cover.records
    package = records.package
    title = _("Procurement dossier: %(name)s") % {"name": package.name}
    pdf = CoverPDF(title)
    pdf.set_title(title)
    pdf.set_author(settings.PLATFORM_LEGAL_NAME)
    pdf.set_creator("Agora")
    pdf.set_creation_date(cover.made_at)
    pdf.add_page()
    pdf.paragraph(_("Procurement dossier"), size=18, height=10, style=pdf.bold)
    pdf.paragraph(f"{package.organization.name} · {package.name}", size=11, height=6)
    made = _("Made %(when)s") % {"when": when_text(cover.made_at)}
    if cover.made_by is not None:
        made = _("Made %(when)s by %(name)s") % {
            "when": when_text(cover.made_at),
            "name": cover.made_by.get_full_name() or cover.made_by.email,
        }
    pdf.paragraph(made, size=9, muted=True)
    pdf.paragraph(
        _(
            "manifest.json gives the SHA-256 and size of every other file of this "
            "dossier; ocds.json is the contracting process as an Open Contracting "
            "(OCDS 1.1) release package."
        ),
        size=9,
        muted=True,
    )
    _what(pdf, records)
    _from_whom(pdf, records)
    pdf.heading(_("Why: how the choice was made"))
    _endorsements(pdf, records)
    _evidence(pdf, cover.evidence)
    _decisions(pdf, records)
    _costs(pdf, records)
    _orders(pdf, records)
    pdf.heading(_("Contents of this dossier"))
    pdf.paragraph("\n".join(["cover.pdf", *cover.paths]), size=8.5)
    return bytes(pdf.output())
