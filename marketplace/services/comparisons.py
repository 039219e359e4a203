"""Saving a comparison to a package: the solutions side by side, frozen as the
compare page shows them now, as evidence in the package's procurement file."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from marketplace.authorization import buyer_require, package_own
from marketplace.models import Package, SavedComparison
from marketplace.selectors.catalog import listings_published
from marketplace.selectors.comparisons import listing_compared

# The compare page shows at most this many solutions side by side.
COMPARE_LIMIT = 4


def saved_comparison_create(
    *,
    membership: Membership,
    package: Package,
    slugs: Sequence[str],
    note: str = "",
) -> SavedComparison:
    """Freeze the comparison of these listings (by slug, in the order compared)
    into the package: members who compose packages, for their organization's
    packages."""
    buyer_require(membership, Capability.PACKAGE_EDIT)
    package_own(membership, package)
    slugs = list(dict.fromkeys(slug for slug in slugs if slug))
    if len(slugs) < 2:
        raise ValidationError(
            {"listing": _("Compare at least two solutions to save a comparison.")}
        )
    if len(slugs) > COMPARE_LIMIT:
        raise ValidationError(
            {
                "listing": _("Compare up to %(limit)s solutions at a time.")
                % {"limit": COMPARE_LIMIT}
            }
        )
    found = {
        listing.slug: listing
        for listing in listings_published(detail=True).filter(slug__in=slugs)
    }
    if missing := [slug for slug in slugs if slug not in found]:
        raise ValidationError(
            {
                "listing": _("These solutions are not offered any more: %(slugs)s.")
                % {"slugs": ", ".join(missing)}
            }
        )
    return SavedComparison.objects.create(
        package=package,
        created_by=membership.user,
        note=note.strip()[:500],
        listings=[listing_compared(found[slug]) for slug in slugs],
    )
