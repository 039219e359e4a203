"""What the header shows a buyer: how many quotes wait for their decision."""

from __future__ import annotations

from functools import cache

from accounts.context_processors import current_organization
from marketplace.selectors.approvals import approvals_waiting


def approvals_count(request):
    """`approvals_waiting_count`: templates call it, so it is counted only on a
    page that shows it, and once."""
    membership = current_organization(request)["current_membership"]

    @cache
    def count() -> int:
        return approvals_waiting(membership).count()

    return {"approvals_waiting_count": count}
