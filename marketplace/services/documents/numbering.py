"""Document numbers: PREFIX-YYYY-NNNNNN, one gapless sequence per kind and year."""

from __future__ import annotations

from django.db import transaction

from marketplace.models import DocumentKind, DocumentSequence
from marketplace.models.billing import DOCUMENT_PREFIXES


def document_number_take(*, kind: DocumentKind, year: int) -> str:
    """The next number of this kind in this year. The sequence row stays locked
    until the issuing transaction ends, and the number is taken in it: a rolled
    back issue gives its number back, so the numbers have no gaps, and two issues
    at once wait for each other instead of taking the same number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A document number is taken in the issuing transaction.")
    prefix = DOCUMENT_PREFIXES[kind]
    # The first issue of a year makes the row; two first issues at once: one
    # inserts, the other's insert fails inside get_or_create's savepoint and it
    # reads (and locks) the row the first made, once that one commits.
    sequence, _created = DocumentSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year:04d}-{sequence.last:06d}"
