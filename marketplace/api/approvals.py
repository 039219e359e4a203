"""Deciding on a quote through the API: approve, return for changes, reject. Each
decision is kept in the quote's `history`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.schema import service_validation_errors
from marketplace.api.buying import owned_quote
from marketplace.api.buying_serializers import QuoteSerializer
from marketplace.services import approvals
from marketplace.services.approvals import COMMENT_MAX


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=COMMENT_MAX, default=""
    )


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=COMMENT_MAX,
        help_text="Why: the requester reads it, and it stays in the quote's history.",
    )


def _decided(request: Request, pk: int, serializer_class, decide) -> Response:
    membership, quote = owned_quote(request, pk)
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    decide(
        membership=membership,
        quote=quote,
        comment=serializer.validated_data["comment"],
    )
    # Read again, with the decision just made.
    return Response(QuoteSerializer(owned_quote(request, pk)[1]).data)


@service_validation_errors("post")
class QuoteApproveView(APIView):
    """Approve a quote (approvers; not the requester unless the organization allows
    self-approval). Where the quote needs two approvers, the first approval keeps
    it `pending`; approving again changes nothing."""

    @extend_schema(
        request=ApproveSerializer,
        responses=QuoteSerializer,
        operation_id="quotes_approve",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decided(request, pk, ApproveSerializer, approvals.quote_approve)


@service_validation_errors("post")
class QuoteReturnView(APIView):
    """Return a waiting quote for changes, saying what to change: the requester
    changes the package and asks for a new quote."""

    @extend_schema(
        request=CommentSerializer,
        responses=QuoteSerializer,
        operation_id="quotes_return",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decided(request, pk, CommentSerializer, approvals.quote_return)


@service_validation_errors("post")
class QuoteRejectView(APIView):
    """Reject a waiting quote for good, saying why."""

    @extend_schema(
        request=CommentSerializer,
        responses=QuoteSerializer,
        operation_id="quotes_reject",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decided(request, pk, CommentSerializer, approvals.quote_reject)
