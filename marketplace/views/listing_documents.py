"""A listing's documents (datasheets, certificates …) as downloads: anyone may
download those of a published listing; a vendor's members those of its drafts
(from the preview). A draft's document is nowhere else to be had: its file has a
random name (`services.listing_media`)."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from marketplace.models import Listing, ListingDocument
from marketplace.services import listings as services
from vendors.views import vendor_required


def _download(item: ListingDocument) -> FileResponse:
    # The title as the file's name, without what a file name cannot hold.
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", item.title).strip() or "document"
    response = FileResponse(
        item.document.file.open("rb"),
        as_attachment=True,
        filename=f"{name[:100]}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def listing_document(request, slug: str, document_id: int) -> FileResponse:
    """A document of a published listing's live version."""
    item = get_object_or_404(
        ListingDocument.objects.select_related("document"),
        listing__in=Listing.objects.published(),
        listing__slug=slug,
        document_id=document_id,
    )
    return _download(item)


@vendor_required
def vendor_listing_document(
    request, pk: int, document_id: int, *, vendor, membership
) -> FileResponse:
    """A document of the vendor's draft, for its preview."""
    listing = get_object_or_404(Listing, pk=pk, vendor=vendor)
    draft = services.listing_draft(listing=listing)
    for item in draft.documents.all():
        if item.document_id == document_id:
            return _download(item)
    raise Http404
