"""The demo buyers' reviews: written through `reviews.services.review_write` by a
member of an organization whose subscription to the listing became active (so
every rating on the store comes from reviews that can be traced to an order),
one to seven months after it did, in the buyer's language; the demo vendor
replies to the reviews of its listings, and reports one.

Some listings are never reviewed: their pages say so.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone, translation

from accounts.models import Membership
from marketplace.demo import review_text
from marketplace.demo.accounts import BUYERS
from marketplace.demo.market import LUMEN
from marketplace.models import Subscription
from reviews.models import Review, ReviewReport
from reviews.services import Draft, review_reply, review_report, review_write

if TYPE_CHECKING:
    from marketplace.demo.history import History

# Share of (buyer, listing) pairs that write a review once the solution runs.
REVIEW_SHARE = 0.6
VENDOR = "vendor@demo.agora.test"


def _language(rng: random.Random, region: str) -> str:
    if region == "CN":
        return "zh-hans"
    if region == "HK":
        return rng.choice(("zh-hans", "en"))
    return "ja" if region == "JP" else "en"


def _stars(rng: random.Random, vendor_slug: str) -> int:
    """Each vendor has a standing of its own; each buyer's experience varies."""
    standing = random.Random(vendor_slug).uniform(-0.9, 0.6)  # noqa: S311
    return max(1, min(5, round(rng.gauss(4.5 + standing, 0.9))))


def _draft(
    rng: random.Random, subscription: Subscription, language: str, months: int
) -> Draft:
    line = subscription.order_line.quote_line
    category = line.listing.category if line.listing else None
    stars = _stars(rng, subscription.vendor.organization.slug)
    title, text = rng.choice(review_text.REVIEWS[language][stars])
    kind = str(category.translated("name", language)) if category else ""
    if language == "en":
        kind = kind.lower()
    locality = BUYERS[subscription.organization.slug]["locality"]
    return Draft(
        stars=stars,
        title=title.format(kind=kind)[:120],
        text=text.format(kind=kind),
        city=review_text.CITIES.get(language, {}).get(locality, locality),
        scale=review_text.SCALES[language][line.unit].format(n=subscription.quantity),
        months_in_use=months,
        show_organization=rng.random() < 0.4,
    )


def maybe_review(history: History, subscription: Subscription) -> None:
    """Once a subscription runs, its buyer may review the listing some months on."""
    rng = history.rng
    if rng.random() >= REVIEW_SHARE:
        return
    activated = subscription.activated_at
    if activated is None:
        return
    when = history.later(activated, 35, 210)
    history.at(when, lambda: _write(history, subscription.pk))


def _write(history: History, subscription_id: int) -> None:
    rng = history.rng
    subscription = Subscription.objects.select_related(
        "organization",
        "vendor__organization",
        "order_line__quote_line__listing__category",
    ).get(pk=subscription_id)
    listing = subscription.order_line.quote_line.listing
    activated = subscription.activated_at
    if (
        listing is None
        or activated is None
        or Review.objects.filter(
            listing=listing, organization=subscription.organization
        ).exists()
    ):
        return
    member = Membership.objects.select_related("organization", "user").get(
        organization=subscription.organization, role="requester"
    )
    language = _language(rng, str(subscription.organization.region))
    months = max(1, (timezone.now() - activated).days // 30)
    with translation.override(language):
        review = review_write(
            member, listing, _draft(rng, subscription, language, months)
        )
    if subscription.vendor.organization.slug == LUMEN:
        history.at(
            history.later(timezone.now(), 1, 6),
            lambda: _reply(history, review, language),
        )


def _vendor() -> Membership:
    return Membership.objects.select_related("organization", "user").get(
        user__email=VENDOR
    )


def _reply(history: History, review: Review, language: str) -> None:
    vendor = _vendor()
    if review.stars <= 3 and not ReviewReport.objects.filter(reporter=vendor.user):
        # The vendor reads its first middling review as being about another
        # product, and reports it to the curators.
        review_report(vendor.user, review, review_text.REPORT_REASON)
        return
    text = review_text.REPLIES[language][review.stars >= 4]
    review_reply(vendor, review, text)


def count() -> int:
    return Review.objects.filter(organization__slug__in=list(BUYERS)).count()


def eligible_since(review: Review) -> timedelta | None:
    """How long before the review its organization's subscription became active
    (None: it never did) — what the tests check."""
    first = (
        Subscription.objects.filter(
            organization=review.organization,
            order_line__quote_line__listing=review.listing,
            activated_at__isnull=False,
        )
        .order_by("activated_at")
        .values_list("activated_at", flat=True)
        .first()
    )
    return None if first is None else review.created_at - first
