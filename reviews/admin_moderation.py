"""The curators' queue of reported reviews in the Wagtail admin: reviews with
reports nobody has settled first, and for each review its reports, what curators
did before, and the decision (hide, restore, keep) with the reason that is kept.
Every write goes through `reviews.services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from accounts.permissions import can
from accounts.roles import Capability
from accounts.types import AuthenticatedHttpRequest
from reviews import selectors, services
from reviews.forms import ModerationForm
from reviews.models import ModerationAction, Review

DECISIONS = {
    ModerationAction.HIDDEN: (
        services.review_hide,
        gettext_lazy("The review is hidden; the rating no longer counts it."),
    ),
    ModerationAction.RESTORED: (
        services.review_restore,
        gettext_lazy("The review is visible again and counts in the rating."),
    ),
    ModerationAction.KEPT: (
        services.review_keep,
        gettext_lazy("The review stays visible; its reports are settled."),
    ),
}


def _curator(request: AuthenticatedHttpRequest) -> None:
    if not can(request.user, Capability.CATALOG_CURATE):
        raise PermissionDenied


def queue_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _curator(request)
    page = Paginator(selectors.reviews_reported(), 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "reviews/admin/queue.html", {"page_obj": page})


def review_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _curator(request)
    review = get_object_or_404(selectors.reviews_annotated(Review.objects.all()), pk=pk)
    form = ModerationForm(
        request.POST if request.method == "POST" else None, review=review
    )
    if request.method == "POST" and form.is_valid():
        decide, done = DECISIONS[form.cleaned_data["action"]]
        try:
            decide(request.user, review, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, str(done))
            return redirect("reviews_moderation:index")
    return TemplateResponse(
        request,
        "reviews/admin/review.html",
        {
            "review": review,
            "form": form,
            "reports": review.reports.select_related("reporter").order_by(
                "settled_at", "-created_at"
            ),
            "history": review.moderation.select_related("by"),
        },
    )


class CuratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Capability.CATALOG_CURATE)


class ModerationViewSet(ViewSet):
    name = "reviews_moderation"
    url_prefix = "reviews"
    icon = "warning"
    menu_label = gettext_lazy("Reported reviews")
    menu_item_class = CuratorMenuItem
    menu_order = 320
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", queue_view, name="index"),
            path("<int:pk>/", review_view, name="review"),
        ]
