"""Public catalog pages: categories, listings, vendor storefronts (the compare page
is in `comparisons`)."""

from __future__ import annotations

from functools import cache, partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from marketplace.models import Category, Listing
from marketplace.selectors import catalog as selectors
from marketplace.services.comparisons import COMPARE_LIMIT
from marketplace.services.page_cache import fragment_get
from marketplace.services.pricing import cheapest_plan, first_year_cost
from marketplace.signals import listing_viewed
from vendors.models import Vendor

SORTS = {
    "title": ("title", "pk"),
    # The Bayesian score: a listing without reviews ranks at its kind's mean.
    "rating": (
        F("rating_score").desc(nulls_last=True),
        F("rating").desc(nulls_last=True),
        "-rating_count",
        "title",
    ),
    "newest": ("-first_published_at", "pk"),
}


PRICE_SORT = "price"


def _by_first_year_cost(listings) -> list[Listing]:
    """The listings by the first-year cost of their cheapest plan in the default
    currency (the rule search sorts by too); those without one last."""

    def key(listing: Listing) -> tuple[bool, int, str]:
        plan = cheapest_plan(listing.plans.all(), settings.DEFAULT_CURRENCY)
        cost = first_year_cost(plan) if plan is not None else 0
        return (plan is None, cost, listing.title)

    return sorted(listings.order_by("title", "pk"), key=key)


def _page(request: HttpRequest, listings):
    sort = request.GET.get("sort", "title")
    if sort not in SORTS and sort != PRICE_SORT:
        sort = "title"
    if sort == PRICE_SORT:
        ordered = _by_first_year_cost(listings)
    else:
        ordered = listings.order_by(*SORTS.get(sort, SORTS["title"]))
    return Paginator(ordered, 24).get_page(request.GET.get("page")), sort


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    if not request.user.is_authenticated:
        # Every visitor who is not signed in sees the same page for the same address:
        # as the page cache holds it, when it does.
        cached = fragment_get(request, "category-page", request.get_full_path())
        if cached is not None:
            return render(
                request,
                "marketplace/category_detail.html",
                {"category": category, "category_cached": cached},
            )
    listings = selectors.listings_published().filter(
        Q(category=category) | Q(category__parent=category)
    )
    page, sort = _page(request, listings)
    return render(
        request,
        "marketplace/category_detail.html",
        {
            "category": category,
            "children": category.children.all(),
            "page_obj": page,
            "sort": sort,
            "compare_limit": COMPARE_LIMIT,
        },
    )


def _membership(request: HttpRequest):
    """The membership the signed-in user acts in, or None."""
    from accounts.context_processors import SESSION_ORGANIZATION_KEY
    from accounts.selectors import membership_current

    if not request.user.is_authenticated:
        return None
    return membership_current(
        user=request.user,
        organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
    )


def listing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from accounts.roles import Capability
    from marketplace.views.buying import AddToPackageForm

    # The row alone: the rest of what the page shows is read (`details`) only where
    # the page cache does not hold it, or for the forms of a signed-in buyer.
    listing = get_object_or_404(Listing.objects.published(), slug=slug)
    details = cache(partial(selectors.listing_detailed, listing))
    if request.method == "GET" and not _prefetch(request):
        listing_viewed.send(
            sender=Listing,
            listing_id=listing.pk,
            user_agent=request.headers.get("User-Agent", ""),
        )
    membership = _membership(request)
    if membership:
        listing = details()
    add_form = None
    if (
        membership
        and membership.organization.is_buyer
        and membership.can(Capability.PACKAGE_EDIT)
        and listing.plans.all()
    ):
        add_form = AddToPackageForm(listing=listing, membership=membership)
    may_buy = bool(
        add_form is not None and membership and membership.can(Capability.ORDER_PLACE)
    )
    return render(
        request,
        "marketplace/listing_detail.html",
        {
            "listing": listing,
            "listing_details": details,
            "add_form": add_form,
            "may_buy": may_buy,
        },
    )


def _prefetch(request: HttpRequest) -> bool:
    """A browser fetching the page ahead in case it is opened: not a view."""
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose", "")
    return "prefetch" in purpose or "prerender" in purpose


def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    vendor = get_object_or_404(
        Vendor.objects.select_related("organization", "logo"),
        organization__slug=slug,
        status="verified",
    )
    page, sort = _page(request, selectors.listings_published().filter(vendor=vendor))
    return render(
        request,
        "marketplace/vendor_detail.html",
        {"vendor": vendor, "page_obj": page, "sort": sort},
    )
