"""Public catalog pages: categories, listings, vendor storefronts, comparison."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from marketplace.models import Category, Listing
from marketplace.selectors import catalog as selectors
from marketplace.services.comparisons import COMPARE_LIMIT
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


def _page(request: HttpRequest, listings):
    sort = request.GET.get("sort", "title")
    listings = listings.order_by(*SORTS.get(sort, SORTS["title"]))
    return Paginator(listings, 24).get_page(request.GET.get("page")), sort


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
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

    listing = get_object_or_404(selectors.listings_published(detail=True), slug=slug)
    if request.method == "GET" and not _prefetch(request):
        listing_viewed.send(
            sender=Listing,
            listing_id=listing.pk,
            user_agent=request.headers.get("User-Agent", ""),
        )
    membership = _membership(request)
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
        {"listing": listing, "add_form": add_form, "may_buy": may_buy},
    )


def _prefetch(request: HttpRequest) -> bool:
    """A browser fetching the page ahead in case it is opened: not a view."""
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose", "")
    return "prefetch" in purpose or "prerender" in purpose


def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    vendor = get_object_or_404(
        Vendor.objects.select_related("organization"),
        organization__slug=slug,
        status="verified",
    )
    page, sort = _page(request, selectors.listings_published().filter(vendor=vendor))
    return render(
        request,
        "marketplace/vendor_detail.html",
        {"vendor": vendor, "page_obj": page, "sort": sort},
    )


def compare(request: HttpRequest) -> HttpResponse:
    from marketplace.views.comparisons import save_form_for

    slugs = list(dict.fromkeys(request.GET.getlist("listing")))
    error = ""
    if len(slugs) > COMPARE_LIMIT:
        error = _(
            "Compare up to %(limit)s solutions at a time; the first %(limit)s are "
            "shown."
        ) % {"limit": COMPARE_LIMIT}
        slugs = slugs[:COMPARE_LIMIT]
    found = {
        listing.slug: listing
        for listing in selectors.listings_published(detail=True).filter(slug__in=slugs)
    }
    listings = [found[slug] for slug in slugs if slug in found]
    return render(
        request,
        "marketplace/compare.html",
        {
            "listings": listings,
            "error": error,
            "compare_limit": COMPARE_LIMIT,
            "save_form": save_form_for(_membership(request), listings),
        },
    )
