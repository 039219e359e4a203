"""A listing draft's images and documents. Uploaded files become Wagtail images and
documents and join the draft's next version together with the vendor's other
changes (`listings.listing_update(media=…)`), reviewed like any edit.

Files are stored under random names: uploads are served from MEDIA_URL (and
documents from Wagtail's document URLs) as they are stored, and a guessable name
would show a draft's file to anyone before the curators have reviewed it. Buyers
download a published listing's documents through `views.catalog.listing_document`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.models import User
from marketplace import limits
from marketplace.models import Listing, ListingDocument, ListingImage
from marketplace.models.catalog import ListingDocumentKind

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class NewImage:
    file: Any
    caption: str = ""


@dataclass(frozen=True)
class NewDocument:
    file: Any
    title: str
    kind: str = ListingDocumentKind.DATASHEET


@dataclass
class MediaChanges:
    """Images and documents to add to a draft, and ids of those to remove."""

    add_images: list[NewImage] = field(default_factory=list)
    add_documents: list[NewDocument] = field(default_factory=list)
    remove_images: set[int] = field(default_factory=set)
    remove_documents: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(
            self.add_images
            or self.add_documents
            or self.remove_images
            or self.remove_documents
        )


def pdf_check(file) -> None:
    """A document is a PDF (by its first bytes, whatever its name says) of at most
    limits.MAX_DOCUMENT_BYTES."""
    if file.size > limits.MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {
                "documents": _("A document is at most %(limit)d MB.")
                % {"limit": limits.MAX_DOCUMENT_BYTES // (1024 * 1024)}
            }
        )
    file.seek(0)
    magic = file.read(len(PDF_MAGIC))
    file.seek(0)
    if magic != PDF_MAGIC:
        raise ValidationError({"documents": _("A document is a PDF file.")})


def _random_name(file, suffix: str) -> None:
    # The suffix is one the form accepted; the rest is 128 random bits.
    file.name = f"{uuid.uuid4().hex}{suffix}"


def draft_media_apply(
    draft: Listing, *, user: User | None, changes: MediaChanges
) -> None:
    """Add and remove the draft's images and documents (in memory; the files and
    their Wagtail rows are written now, inside the caller's transaction). The
    files are uploaded by `user`; by nobody for the documents the demo catalog
    gives a listing it is building."""
    images = [
        item
        for item in draft.images.all()
        if item.image_id not in changes.remove_images
    ]
    for new in changes.add_images:
        caption = new.caption.strip()[:200]
        _random_name(new.file, Path(new.file.name).suffix.lower())
        image = get_image_model().objects.create(
            title=caption or draft.title, file=new.file, uploaded_by_user=user
        )
        images.append(ListingImage(image=image, caption=caption))
    documents = [
        item
        for item in draft.documents.all()
        if item.document_id not in changes.remove_documents
    ]
    if len(documents) + len(changes.add_documents) > limits.MAX_DOCUMENTS:
        raise ValidationError(
            {
                "documents": _("At most %(count)d documents.")
                % {"count": limits.MAX_DOCUMENTS}
            }
        )
    for addition in changes.add_documents:
        title = addition.title.strip()[:200]
        if not title:
            raise ValidationError({"documents": _("A document needs a title.")})
        if addition.kind not in ListingDocumentKind.values:
            raise ValidationError({"documents": _("Unknown kind of document.")})
        pdf_check(addition.file)
        _random_name(addition.file, ".pdf")
        document = get_document_model()(
            title=title, file=addition.file, uploaded_by_user=user
        )
        document._set_document_file_metadata()
        document.save()
        documents.append(
            ListingDocument(document=document, title=title, kind=addition.kind)
        )
    for index, item in enumerate(images):
        item.sort_order = index
    for index, item in enumerate(documents):
        item.sort_order = index
    draft.images = images
    draft.documents = documents
