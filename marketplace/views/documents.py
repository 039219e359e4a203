"""An order's invoices, receipts and credit notes as PDF downloads, for the
organization that placed the order (another one gets 404, as for the order)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from marketplace.models import Document
from marketplace.services.documents import document_pdf
from marketplace.views.buying import buyer_required


def document_response(document: Document) -> HttpResponse:
    """The document's PDF as a download: the same file every time."""
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    response["ETag"] = f'"{document.sha256}"'
    return response


@buyer_required
def order_document(request, pk: int, number: str, *, membership) -> HttpResponse:
    document = get_object_or_404(
        Document,
        order_id=pk,
        number=number,
        order__organization=membership.organization,
    )
    return document_response(document)
