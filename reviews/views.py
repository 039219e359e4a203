"""The review pages: writing or editing a review, reporting one, finding it
helpful, and the vendor's reviews with the reply form. Plain forms: each POST
redirects (with a message) or shows the form again with its errors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.context_processors import SESSION_ORGANIZATION_KEY
from accounts.roles import Capability
from accounts.selectors import membership_current
from accounts.types import AuthenticatedHttpRequest
from accounts.ui import add_service_errors, redirect_local
from marketplace.models import Listing
from reviews import selectors, services
from reviews.forms import ReplyForm, ReportForm, ReviewForm
from reviews.models import Review
from vendors.views import vendor_required


def _membership(request: AuthenticatedHttpRequest):
    return membership_current(
        user=request.user,
        organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
    )


def _reviews_url(listing: Listing, review: Review | None = None) -> str:
    anchor = f"#review-{review.pk}" if review else "#reviews-heading"
    return reverse("marketplace:listing", args=[listing.slug]) + anchor


@login_required
def review_write(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Write the organization's review of a listing, or change it."""
    listing = get_object_or_404(Listing.objects.published(), slug=slug)
    membership = _membership(request)
    if membership is None:
        raise PermissionDenied(services.review_refusal(None, listing))
    existing = selectors.review_of_organization(listing, membership.organization_id)
    if existing is None:
        refusal = services.review_refusal(membership, listing)
        if refusal:
            raise PermissionDenied(refusal)
    elif not membership.can(Capability.REVIEW_WRITE):
        raise PermissionDenied(_("Only the organization that wrote it can edit it."))
    data = request.POST if request.method == "POST" else None
    form = ReviewForm.of(existing, data) if existing else ReviewForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            if existing is None:
                review = services.review_write(membership, listing, form.draft())
                messages.success(request, _("Thank you: your review is published."))
            else:
                review = services.review_edit(membership, existing, form.draft())
                messages.success(request, _("Your organization's review is changed."))
        except ValidationError as error:
            add_service_errors(form, error)
        except services.AlreadyReviewed:
            # A colleague wrote it meanwhile: change theirs.
            messages.info(
                request,
                _("Your organization reviewed this listing already; change it here."),
            )
            return redirect("reviews:write", slug=listing.slug)
        else:
            return redirect(_reviews_url(listing, review))
    return render(
        request,
        "reviews/review_form.html",
        {"listing": listing, "form": form, "review": existing},
    )


def _visible(pk: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("listing"), pk=pk, hidden_at__isnull=True
    )


@login_required
def review_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Tell the curators a review breaks the rules."""
    review = _visible(pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_report(request.user, review, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you: the curators will look at this review.")
            )
            return redirect(_reviews_url(review.listing, review))
    return render(request, "reviews/report_form.html", {"review": review, "form": form})


@login_required
@require_POST
def review_helpful(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Find a review helpful (`vote`), or take that back (`unvote`)."""
    review = _visible(pk)
    try:
        if request.POST.get("action") == "unvote":
            services.review_unvote(request.user, review)
            messages.success(request, _("Your vote is taken back."))
        else:
            services.review_vote(request.user, review)
            messages.success(request, _("Thank you for your vote."))
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    return redirect_local(
        request, request.POST.get("next", ""), _reviews_url(review.listing, review)
    )


@vendor_required
def vendor_reviews(request, *, vendor, membership) -> HttpResponse:
    """The reviews of the vendor's listings, unanswered first, with the rating of
    each listing and the reply form."""
    page = Paginator(selectors.reviews_of_vendor(vendor.pk), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/vendor_reviews.html",
        {
            "vendor": vendor,
            "listings": selectors.listings_rated(vendor.pk),
            "page_obj": page,
            "can_reply": membership.can(Capability.REVIEW_REPLY),
        },
    )


@vendor_required
def vendor_reply(request, pk: int, *, vendor, membership) -> HttpResponse:
    """The vendor's one public reply to a review of its listing."""
    review = get_object_or_404(
        selectors.reviews_annotated(Review.objects.filter(listing__vendor=vendor)),
        pk=pk,
    )
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_reply(membership, review, form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reply is published under the review."))
            return redirect(reverse("reviews:vendor") + f"#review-{review.pk}")
    return render(request, "reviews/reply_form.html", {"review": review, "form": form})
