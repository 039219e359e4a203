"""The reviews section of a listing's page, and its rating as one line."""

from __future__ import annotations

from django import template
from django.core.paginator import Paginator
from django.http import HttpRequest

from accounts.context_processors import SESSION_ORGANIZATION_KEY
from accounts.roles import Capability
from accounts.selectors import membership_current
from marketplace.models import Listing
from reviews import selectors, services
from reviews.forms import ReplyForm, ReportForm, ReviewForm
from reviews.models import STARS, Review

register = template.Library()

# A listing's page shows this many reviews at a time.
PAGE_SIZE = 10
SORT_PARAM = "reviews"
PAGE_PARAM = "reviews_page"


def distribution_rows(listing: Listing) -> list[dict]:
    """Each number of stars, most first, with how many gave it and their share."""
    counts = listing.rating_distribution or {}
    total = listing.rating_count
    rows = []
    for stars in reversed(STARS):
        count = int(counts.get(str(stars), 0))
        share = round(100 * count / total) if total else 0
        rows.append({"stars": stars, "count": count, "percent": share})
    return rows


def _membership(request: HttpRequest | None):
    if request is None or not request.user.is_authenticated:
        return None
    return membership_current(
        user=request.user,
        organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
    )


@register.inclusion_tag("reviews/includes/listing_reviews.html", takes_context=True)
def listing_reviews(context, listing: Listing) -> dict:
    """The listing's reviews section: its rating and distribution, the reviews in
    the order the reader picks, and what the reader may do."""
    request: HttpRequest | None = context.get("request")
    params = request.GET if request else {}
    sort = params.get(SORT_PARAM, "")
    if sort not in selectors.SORTS:
        sort = "newest"
    page = Paginator(selectors.reviews_visible(listing, sort), PAGE_SIZE).get_page(
        params.get(PAGE_PARAM)
    )
    membership = _membership(request)
    own_review = refusal = form = None
    if membership is not None and membership.organization.is_buyer:
        own_review = selectors.review_of_organization(
            listing, membership.organization_id
        )
        if own_review is None:
            refusal = services.review_refusal(membership, listing)
            form = None if refusal else ReviewForm()
    user = request.user if request else None
    reviews = [
        {
            "review": review,
            "own": membership is not None
            and review.organization_id == membership.organization_id,
            "report_form": ReportForm(auto_id=f"report-{review.pk}-%s"),
        }
        for review in page
    ]
    return {
        "listing": listing,
        "request": request,
        "signed_in": bool(user and user.is_authenticated),
        "distribution": distribution_rows(listing),
        "page_obj": page,
        "reviews": reviews,
        "voted": selectors.votes_of(user, page) if user else set(),
        "sort": sort,
        "sorts": list(selectors.SORTS),
        "own_review": own_review,
        "may_edit": own_review is not None
        and membership is not None
        and membership.can(Capability.REVIEW_WRITE),
        "refusal": refusal,
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/includes/rating_line.html")
def rating_line(listing: Listing) -> dict:
    """ "★ 4.5 (12 reviews)", or "No reviews yet": never a figure without reviews."""
    return {"listing": listing}


@register.filter
def star_signs(stars: int) -> str:
    """Stars drawn as signs, "★★★★☆", for the eye (the text says the number)."""
    return "★" * int(stars) + "☆" * (max(STARS) - int(stars))


@register.filter
def distribution(listing: Listing) -> list[dict]:
    return distribution_rows(listing)


@register.simple_tag
def reply_form(review: Review) -> ReplyForm:
    """The vendor's reply form of one review, its ids unique on the page."""
    return ReplyForm(auto_id=f"reply-{review.pk}-%s")
