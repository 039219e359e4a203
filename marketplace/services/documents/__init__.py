"""The documents a procurement office files: invoices, receipts and credit notes.

- `numbering`: PREFIX-YYYY-NNNNNN, gapless, taken under the sequence row's lock in
  the issuing transaction.
- `content`: what a document says, frozen at issue in the buyer's language.
- `issue`: `invoice_issue(order)`, `receipt_issue(payment)`,
  `credit_note_issue(payment, amount=, reference=)`; each once (a second call
  answers the document issued before).
- `pdf`: the PDF, rendered from the frozen data on the first download and kept.

A leaf below the payments service: it reads the buying models and calls no other
service, so payments (and billing) call it inside their own transactions.
"""

from marketplace.services.documents.issue import (
    credit_note_issue,
    invoice_issue,
    receipt_issue,
)
from marketplace.services.documents.pdf import document_pdf

__all__ = ["credit_note_issue", "document_pdf", "invoice_issue", "receipt_issue"]
