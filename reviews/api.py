"""API v1 reviews: a listing's reviews (read by anyone, written by buyers that use
the solution), editing one's own, the vendor's reply, reports and helpful votes.
What the services refuse is answered by the API's exception handler."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import query_choice, request_membership
from accounts.models import Membership
from config.api.exceptions import ConflictError
from config.api.pagination import PagePagination, paged_response
from config.api.schema import ErrorResponse409Serializer, service_validation_errors
from marketplace.models import Listing
from reviews import selectors, services
from reviews.models import Review, ReviewReport
from reviews.serializers import (
    HelpfulSerializer,
    ReplyWriteSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    ReviewSerializer,
    ReviewWriteSerializer,
    draft_from,
)


class ReviewConflict(ConflictError):
    """The organization reviewed the listing already: answered 409, with the
    review's address in the message and in `Location`."""

    def __init__(self, location: str, review_id: int) -> None:
        super().__init__(
            _(
                "Your organization has reviewed this listing already (review "
                "%(id)s): change that review instead, at %(url)s."
            )
            % {"id": review_id, "url": location}
        )
        self.location = location


def _listing(slug: str) -> Listing:
    return get_object_or_404(Listing.objects.published(), slug=slug)


def _membership(request: Request) -> Membership | None:
    return request_membership(request) if request.user.is_authenticated else None


def _review_data(request: Request, review_id: int) -> dict:
    """The review as the caller may see it, read again with its counts."""
    membership = _membership(request)
    review = selectors.review_shown(
        review_id, membership.organization_id if membership else None
    )
    return ReviewSerializer(review, context={"request": request}).data


@service_validation_errors("get", "post")
class ListingReviewsView(APIView):
    """A published listing's reviews, and writing one. Only members of a buyer
    organization that has (or had) a delivered subscription to the listing may
    write one; one review per organization, which its members edit."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PagePagination

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                enum=list(selectors.SORTS),
                description="newest (the default), helpful (most helpful first) or "
                "lowest (fewest stars first).",
            )
        ],
        responses=ReviewSerializer(many=True),
        operation_id="listings_reviews_list",
    )
    def get(self, request: Request, slug: str) -> Response:
        sort = query_choice(request.query_params, "sort", list(selectors.SORTS))
        reviews = selectors.reviews_visible(_listing(slug), sort or "newest")
        return paged_response(
            self, request, reviews, ReviewSerializer, context={"request": request}
        )

    @extend_schema(
        request=ReviewWriteSerializer,
        responses={
            201: ReviewSerializer,
            409: OpenApiResponse(
                ErrorResponse409Serializer,
                description="The organization reviewed the listing already; "
                "`Location` is that review.",
            ),
        },
        parameters=[
            OpenApiParameter(
                "Location",
                str,
                location=OpenApiParameter.HEADER,
                response=[409],
                description="The organization's review of the listing.",
            )
        ],
        operation_id="listings_reviews_create",
    )
    def post(self, request: Request, slug: str) -> Response:
        listing = _listing(slug)
        membership = _membership(request)
        refusal = services.review_refusal(membership, listing)
        if refusal or membership is None:
            raise PermissionDenied(refusal)
        serializer = ReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review = services.review_write(
                membership, listing, draft_from(serializer.validated_data)
            )
        except services.AlreadyReviewed as existing:
            # The answer names the review, which only the request can address.
            location = request.build_absolute_uri(
                reverse("api:review", args=[existing.review.pk])
            )
            raise ReviewConflict(location, existing.review.pk) from existing
        return Response(
            _review_data(request, review.pk), status=status.HTTP_201_CREATED
        )

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, ReviewConflict):
            response["Location"] = exc.location
        return response


@service_validation_errors("put", "patch")
class ReviewDetailView(APIView):
    """One review; its organization's members change it (`PUT` all of it, `PATCH`
    what they send). Hidden reviews are not found, except by their organization."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ReviewSerializer, operation_id="reviews_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_review_data(request, pk))

    def _change(self, request: Request, pk: int, *, partial: bool) -> Response:
        membership = _membership(request)
        organization_id = membership.organization_id if membership else None
        review = selectors.review_shown(pk, organization_id)
        if membership is None or membership.organization_id != review.organization_id:
            raise PermissionDenied(
                _("Only the organization that wrote it can edit it.")
            )
        serializer = ReviewWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.review_edit(
            membership, review, draft_from(serializer.validated_data, review)
        )
        return Response(_review_data(request, pk))

    @extend_schema(
        request=ReviewWriteSerializer,
        responses=ReviewSerializer,
        operation_id="reviews_update",
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._change(request, pk, partial=False)

    @extend_schema(
        request=ReviewWriteSerializer,
        responses=ReviewSerializer,
        operation_id="reviews_partial_update",
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._change(request, pk, partial=True)


def _visible(pk: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("listing"), pk=pk, hidden_at__isnull=True
    )


@service_validation_errors("post")
class ReviewReplyView(APIView):
    """The listing's vendor replies to a review, publicly and once."""

    @extend_schema(
        request=ReplyWriteSerializer,
        responses=ReviewSerializer,
        operation_id="reviews_reply",
    )
    def post(self, request: Request, pk: int) -> Response:
        review = _visible(pk)
        serializer = ReplyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = _membership(request)
        if membership is None:
            raise PermissionDenied(_("Only the listing's vendor can reply."))
        services.review_reply(membership, review, serializer.validated_data["text"])
        return Response(_review_data(request, pk))


@service_validation_errors("post")
class ReviewReportView(APIView):
    """Tell the curators a review breaks the rules (once; reporting again answers
    the first report)."""

    @extend_schema(
        request=ReportWriteSerializer,
        responses={201: ReportSerializer, 200: ReportSerializer},
        operation_id="reviews_report",
    )
    def post(self, request: Request, pk: int) -> Response:
        review = _visible(pk)
        serializer = ReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        before = ReviewReport.objects.filter(review=review, reporter=request.user)
        first = not before.exists()
        report = services.review_report(
            request.user, review, serializer.validated_data["reason"]
        )
        return Response(
            ReportSerializer(report).data,
            status=status.HTTP_201_CREATED if first else status.HTTP_200_OK,
        )


class ReviewHelpfulView(APIView):
    """Say a review helped you (`POST`), or take that back (`DELETE`). Members of
    the reviewing organization do not vote on its review."""

    def _answer(self, request: Request, review: Review, voted: bool) -> Response:
        data = {
            "review": review.pk,
            "helpful_count": review.votes.count(),
            "voted": voted,
        }
        return Response(HelpfulSerializer(data).data)

    @extend_schema(
        request=None, responses=HelpfulSerializer, operation_id="reviews_helpful"
    )
    def post(self, request: Request, pk: int) -> Response:
        review = _visible(pk)
        services.review_vote(request.user, review)
        return self._answer(request, review, True)

    @extend_schema(
        request=None,
        responses={200: HelpfulSerializer},
        operation_id="reviews_helpful_destroy",
    )
    def delete(self, request: Request, pk: int) -> Response:
        review = _visible(pk)
        services.review_unvote(request.user, review)
        return self._answer(request, review, False)
