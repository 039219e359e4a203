"""Give the demo listings their documents: a datasheet each, and the vendor's
statement of certifications for a listing that states some, written from the
listing (`marketplace.demo.datasheets`); nothing is fetched. Both go through the
media service of the listing editor (`services.listing_media`), which checks them
as it checks a vendor's upload and stores them under random names.

- A listing the catalog load adds gets them as it is built
  (`catalog_documents_add`), part of its first version: about 12 s for the 326
  listings of the demo on SQLite (36 ms a listing: about 10 ms drawing its two
  PDFs, the rest storing and indexing the files), beside about 60 s for the rest
  of the load.
- A demo listing loaded before listings had documents gets them as a vendor's
  upload (`seed_documents`: the listing's next version, `listings.listing_update`),
  and that version is published as the curators' approval would: 62 s for the
  same listings, most of it the new versions and their publication.

Safe to run again: a listing with documents is left as it is, and so is a listing
in review or with a vendor's changes waiting."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.demo import catalog_data as data
from marketplace.demo.datasheets import certifications_pdf, datasheet_pdf
from marketplace.demo.images import vendor_owner
from marketplace.models import Listing, ListingDocument
from marketplace.models.catalog import ListingDocumentKind
from marketplace.services.listing_media import (
    MediaChanges,
    NewDocument,
    draft_media_apply,
)
from marketplace.services.listings import listing_update
from vendors.models import Vendor

Progress = Callable[[int, int], None]


def _documents(listing: Listing) -> list[NewDocument]:
    with translation.override(listing.language):
        documents = [
            NewDocument(
                file=ContentFile(datasheet_pdf(listing), name="datasheet.pdf"),
                title=_("%(listing)s datasheet") % {"listing": listing.title},
                kind=ListingDocumentKind.DATASHEET,
            )
        ]
        statement = certifications_pdf(listing)
        if statement is not None:
            documents.append(
                NewDocument(
                    file=ContentFile(statement, name="certifications.pdf"),
                    title=_("%(listing)s certifications") % {"listing": listing.title},
                    kind=ListingDocumentKind.CERTIFICATE,
                )
            )
    return documents


def catalog_documents_add(listing: Listing) -> None:
    """Add its documents to a listing the catalog load is building (not saved
    yet), uploaded by nobody, as its illustration is."""
    draft_media_apply(
        listing, user=None, changes=MediaChanges(add_documents=_documents(listing))
    )


def _attach(listing: Listing, owner: User) -> list[NewDocument]:
    """Add the listing's documents to its next version, and publish that version
    where the listing is live. Nothing where the listing is left as it is."""
    if listing.workflow_in_progress or (
        listing.live and listing.has_unpublished_changes
    ):
        return []
    documents = _documents(listing)
    with transaction.atomic():
        listing_update(
            listing=listing,
            user=owner,
            data={},
            media=MediaChanges(add_documents=documents),
        )
        if listing.live:
            Listing.objects.get(pk=listing.pk).get_latest_revision().publish()
    return documents


def seed_documents(progress: Progress | None = None) -> dict[str, int]:
    """Add the documents the demo listings are missing; returns how many of each
    kind were added."""
    slugs = [spec["slug"] for spec in data.VENDORS]
    vendors = list(
        Vendor.objects.filter(organization__slug__in=slugs).select_related(
            "organization"
        )
    )
    owners = {vendor.pk: vendor_owner(vendor) for vendor in vendors}
    listings = list(
        Listing.objects.filter(vendor__in=vendors, suspended_at__isnull=True)
        .exclude(pk__in=ListingDocument.objects.values("listing_id"))
        .select_related("vendor__organization", "category")
        .prefetch_related(
            "plans", "protocols", "certifications", "reference_deployments"
        )
        .order_by("pk")
    )
    counts = {"datasheets": 0, "certificates": 0}
    for done, listing in enumerate(listings, start=1):
        for document in _attach(listing, owners[listing.vendor_id]):
            if document.kind == ListingDocumentKind.DATASHEET:
                counts["datasheets"] += 1
            else:
                counts["certificates"] += 1
        if progress:
            progress(done, len(listings))
    return counts
