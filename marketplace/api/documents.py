"""An order's invoice, receipt or credit note as a PDF, for the organization that
placed the order; any other caller is told it is not there (404)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.views import APIView

from marketplace.api.buying import owner_membership
from marketplace.models import Document
from marketplace.views.documents import document_response


class PdfOrJsonErrors(BaseContentNegotiation):
    """The answer is the PDF itself, whatever the client accepts; an error is in
    the API's JSON error format (the first renderer), never a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class DocumentPdfView(APIView):
    """An invoice, receipt or credit note of one of your organization's orders, as
    issued (the `url` of an order's `documents[]`)."""

    content_negotiation_class = PdfOrJsonErrors

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="documents_pdf",
    )
    def get(self, request: Request, number: str) -> HttpResponse:
        membership = owner_membership(request)
        document = get_object_or_404(
            Document, number=number, order__organization=membership.organization
        )
        return document_response(document)
