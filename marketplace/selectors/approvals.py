"""What waits for an approver, and what they need to decide on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Organization, User
from accounts.roles import Capability
from accounts.selectors import members_able
from marketplace.models import (
    Decision,
    Quote,
    QuoteDecision,
    QuoteStatus,
)
from marketplace.models.phases import QuotePhase
from marketplace.selectors.costs import CostProjection, package_costs
from marketplace.selectors.packages import package_summarize


def approvals_needed(organization: Organization, *, amount: int, currency: str) -> int:
    """Two where the organization asks for a second approval above an amount and
    this one is above it (or in another currency, which cannot be compared)."""
    threshold = organization.second_approval_above
    if threshold is None:
        return 1
    if currency != organization.second_approval_currency or amount > threshold:
        return 2
    return 1


def approvers_for(organization: Organization, requester: User | None) -> list[User]:
    """Who can approve a quote this member asks for."""
    approvers = members_able(
        organization=organization, capability=Capability.QUOTE_APPROVE
    )
    if requester is not None and not organization.allow_self_approval:
        approvers = approvers.exclude(pk=requester.pk)
    return list(approvers)


def approval_gap(
    organization: Organization, requester: User | None, needed: int = 1
) -> str:
    """Why a quote of this requester could never be approved, with who can fix it;
    empty when enough members can approve."""
    if len(approvers_for(organization, requester)) >= needed:
        return ""
    admins = list(
        members_able(organization=organization, capability=Capability.MEMBERS_MANAGE)
    )
    names = ", ".join(user.get_full_name() for user in admins)
    if needed > 1:
        problem = _(
            "Quotes of this amount need two different approvers, and %(organization)s "
            "does not have two members who could approve this one."
        ) % {"organization": organization.name}
    else:
        problem = _(
            "Nobody in %(organization)s can approve this quote: no other member "
            "has the approver role."
        ) % {"organization": organization.name}
    if names:
        fix = ngettext(
            "Your organization's administrator, %(names)s, can give a member the "
            "approver role on the members page.",
            "Your organization's administrators, %(names)s, can give a member the "
            "approver role on the members page.",
            len(admins),
        ) % {"names": names}
    else:
        fix = _(
            "Your organization has no administrator; ask Agora's support to "
            "appoint one."
        )
    return f"{problem} {fix}"


def approvals_waiting(membership: Membership | None) -> QuerySet[Quote]:
    """The quotes waiting for this member's decision, oldest first: their
    organization's pending quotes they may decide on and have not approved yet."""
    if (
        membership is None
        or not membership.organization.is_buyer
        or not membership.can(Capability.QUOTE_APPROVE)
    ):
        return Quote.objects.none()
    quotes = Quote.objects.filter(
        organization=membership.organization, status=QuoteStatus.PENDING
    ).exclude(
        Exists(
            QuoteDecision.objects.filter(
                quote=OuterRef("pk"),
                decision=Decision.APPROVED,
                by=membership.user,
            )
        )
    )
    if not membership.organization.allow_self_approval:
        quotes = quotes.exclude(requested_by=membership.user)
    return quotes.order_by("created_at", "pk")


def package_approval_gap(membership: Membership, package, amount: int) -> str:
    """Why a quote of this package, asked for now, could not be approved."""
    organization = membership.organization
    needed = approvals_needed(organization, amount=amount, currency=package.currency)
    return approval_gap(organization, membership.user, needed)


@dataclass(frozen=True)
class Waiting:
    """One row of the inbox."""

    quote: Quote
    phases: list[QuotePhase]
    approvals: int
    costs: CostProjection | None
    now: datetime

    @property
    def age(self):
        return self.now - self.quote.created_at

    @property
    def expired(self) -> bool:
        return self.quote.is_expired(self.now)

    @property
    def is_release(self) -> bool:
        """A quote of later phases only: the first ones are ordered already."""
        return bool(self.phases) and min(p.number for p in self.phases) > 1


def approvals_waiting_detailed(membership: Membership | None) -> QuerySet[Quote]:
    """`approvals_waiting` with what the inbox shows of each quote."""
    return (
        approvals_waiting(membership)
        .select_related("requested_by", "package__organization")
        .prefetch_related(
            "phases",
            Prefetch(
                "decisions",
                QuoteDecision.objects.filter(decision=Decision.APPROVED),
                to_attr="approvals",
            ),
        )
    )


def inbox(quotes) -> list[Waiting]:
    """A page of `approvals_waiting_detailed`, each quote with its phases, the
    approvals it has, and its package's cost per fiscal year against the budget
    (a few queries per quote: the inbox shows a page at a time)."""
    now = timezone.now()
    rows = []
    for quote in quotes:
        costs = None
        if quote.package is not None:
            costs = package_costs(quote.package, package_summarize(quote.package).lines)
        rows.append(
            Waiting(
                quote=quote,
                phases=list(quote.phases.all()),
                approvals=len(quote.approvals),
                costs=costs,
                now=now,
            )
        )
    return rows
