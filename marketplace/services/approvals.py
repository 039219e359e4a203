"""Approving quotes: who may decide, how many must approve, and each decision
(approve, return for changes, reject) kept with its comment.

A quote is approved once, as a framework for all its phases. Where the
organization sets an amount, a quote worth more in its first year needs two
different approvers. An organization in which nobody could approve a quote is
told so when the quote is asked for, not left waiting.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, User
from marketplace.authorization import quote_may_approve
from marketplace.models import Decision, Quote, QuoteDecision, QuoteStatus, Reason
from marketplace.selectors.approvals import approval_gap, approvers_for
from notifications.services import notify

COMMENT_MAX = 2000


def approval_require(organization: Organization, requester: User, needed: int) -> None:
    """Refuse to ask for a quote nobody could approve."""
    gap = approval_gap(organization, requester, needed)
    if gap:
        raise ValidationError({"approval": gap})


def _quote_url(quote: Quote) -> str:
    return reverse("marketplace:quote", args=[quote.pk])


def _quote_params(quote: Quote) -> dict[str, str]:
    return {"number": quote.number, "package": quote.package_name}


def approval_ask(quote: Quote, *, key: str = "requested") -> None:
    """Tell the approvers who have not decided yet that the quote waits for them."""
    decided = set(
        quote.decisions.filter(decision=Decision.APPROVED).values_list("by", flat=True)
    )
    waiting = [
        user
        for user in approvers_for(quote.organization, quote.requested_by)
        if user.pk not in decided
    ]
    notify(
        kind="quote.awaiting_approval",
        recipients=waiting,
        key=f"quote:{quote.pk}:{key}",
        params=_quote_params(quote),
        url=_quote_url(quote),
    )


def _tell_requester(quote: Quote, kind: str, comment: str) -> None:
    if quote.requested_by is None:
        return
    notify(
        kind=kind,
        recipients=[quote.requested_by],
        key=f"quote:{quote.pk}:{kind}",
        params={**_quote_params(quote), "comment": comment},
        url=_quote_url(quote),
    )


def _comment(comment: str, *, required: bool) -> str:
    comment = (comment or "").strip()
    if required and not comment:
        raise ValidationError(
            {"comment": _("Say why, so the requester knows what to do next.")}
        )
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("Keep the comment under %(count)s characters.")
                % {"count": COMMENT_MAX}
            }
        )
    return comment


def _locked_pending(membership: Membership, quote: Quote) -> Quote:
    quote = (
        Quote.objects.select_for_update()
        .select_related("organization")
        .get(pk=quote.pk)
    )
    quote_may_approve(membership, quote)
    return quote


def _refuse_unless_pending(quote: Quote) -> None:
    if quote.status != QuoteStatus.PENDING:
        raise ValidationError(
            _("This quote is %(status)s.")
            % {"status": str(quote.get_status_display()).lower()}
        )


@transaction.atomic
def quote_approve(*, membership: Membership, quote: Quote, comment: str = "") -> Quote:
    """Approve a quote. Where it needs two approvals, the first keeps it waiting
    for a different approver; approving twice changes nothing."""
    quote = _locked_pending(membership, quote)
    comment = _comment(comment, required=False)
    approved = quote.decisions.filter(decision=Decision.APPROVED)
    if (
        quote.status == QuoteStatus.APPROVED
        or approved.filter(by=membership.user).exists()
    ):
        return quote
    _refuse_unless_pending(quote)
    if quote.is_expired():
        raise ValidationError(_("This quote has expired; ask for a new one."))
    QuoteDecision.objects.create(
        quote=quote, decision=Decision.APPROVED, by=membership.user, comment=comment
    )
    if approved.count() < quote.approvals_needed:
        return quote
    quote.move_to(
        QuoteStatus.APPROVED,
        reason=Reason.QUOTE_APPROVED,
        by=membership.user,
        note=comment,
    )
    quote.approved_by = membership.user
    quote.approved_at = timezone.now()
    quote.save(update_fields=["status", "approved_by", "approved_at"])
    _tell_requester(quote, "quote.approved", comment)
    return quote


def _quote_close(
    membership: Membership,
    quote: Quote,
    comment: str,
    *,
    decision: Decision,
    status: QuoteStatus,
    reason: Reason,
) -> Quote:
    quote = _locked_pending(membership, quote)
    comment = _comment(comment, required=True)
    _refuse_unless_pending(quote)
    QuoteDecision.objects.create(
        quote=quote, decision=decision, by=membership.user, comment=comment
    )
    quote.move_to(status, reason=reason, by=membership.user, note=comment)
    quote.save(update_fields=["status"])
    _tell_requester(quote, f"quote.{decision}", comment)
    return quote


@transaction.atomic
def quote_return(*, membership: Membership, quote: Quote, comment: str) -> Quote:
    """Send a quote back for changes: the requester changes the package and asks
    for a new quote."""
    return _quote_close(
        membership,
        quote,
        comment,
        decision=Decision.RETURNED,
        status=QuoteStatus.RETURNED,
        reason=Reason.QUOTE_RETURNED,
    )


@transaction.atomic
def quote_reject(*, membership: Membership, quote: Quote, comment: str) -> Quote:
    """Refuse a quote for good."""
    return _quote_close(
        membership,
        quote,
        comment,
        decision=Decision.REJECTED,
        status=QuoteStatus.REJECTED,
        reason=Reason.QUOTE_REJECTED,
    )
