"""How quotes, orders and payments change status: only along their model's
transition table, each change recorded with who, when and why.

A model that uses `StatusFlow` declares `TRANSITIONS` (where each status may go) and
changes status with `move_to(status, by=..., reason=...)`; `save()` writes the
recorded changes and refuses a status that changed any other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reason(models.TextChoices):
    """Why a status changed, as the history shows it."""

    QUOTE_REQUESTED = "quote_requested", _("Quote requested")
    QUOTE_APPROVED = "quote_approved", _("Approved")
    QUOTE_RETURNED = "quote_returned", _("Returned for changes")
    QUOTE_REJECTED = "quote_rejected", _("Rejected")
    QUOTE_SUPERSEDED = "quote_superseded", _("Replaced by a newer quote")
    QUOTE_ORDERED = "quote_ordered", _("Ordered")
    ORDER_PLACED = "order_placed", _("Order placed")
    PHASE_RELEASED = "phase_released", _("Phase released")
    RENEWAL_RAISED = "renewal_raised", _("Renewal charge raised")
    PRORATION_RAISED = "proration_raised", _("Charge for added units raised")
    ORDER_PAID = "order_paid", _("Paid in full")
    ORDER_CANCELLED = "order_cancelled", _("Cancelled by the buyer")
    ORDER_REFUNDED = "order_refunded", _("Refunded in full")
    PAYMENT_STARTED = "payment_started", _("Payment started")
    PAYMENT_SUCCEEDED = "payment_succeeded", _("Payment went through")
    PAYMENT_MARKED_PAID = "payment_marked_paid", _("Marked paid by finance")
    PAYMENT_FAILED = "payment_failed", _("Payment failed")
    PAYMENT_RETRIED = "payment_retried", _("Payment tried again")
    PAYMENT_CANCELLED = "payment_cancelled", _("Payment cancelled with the order")
    PAYMENT_AFTER_CANCEL = (
        "payment_after_cancel",
        _("Payment arrived after the order was cancelled; it is refunded"),
    )
    PAYMENT_DUPLICATE = (
        "payment_duplicate",
        _("Second payment of an order already paid; it is refunded"),
    )
    PAYMENT_REFUNDED = "payment_refunded", _("Refunded in full")


class Subject(models.TextChoices):
    QUOTE = "quote", _("quote")
    ORDER = "order", pgettext_lazy("purchase", "order")
    PAYMENT = "payment", _("payment")


class StatusChange(models.Model):
    """One change of status of a quote, an order or a payment: the row it names
    says which. A payment's changes also name its order, so an order's history is
    one query."""

    quote = models.ForeignKey(
        "marketplace.Quote",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    order = models.ForeignKey(
        "marketplace.Order",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    payment = models.ForeignKey(
        "marketplace.Payment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    reason = models.CharField(_("why"), max_length=32, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["order", "at"])]

    def __str__(self) -> str:
        return f"{self.subject}: {self.from_status or '—'} → {self.to_status}"

    @property
    def subject(self) -> Subject:
        """What changed: a quote, an order or a payment."""
        if self.payment_id:
            return Subject.PAYMENT
        return Subject.QUOTE if self.quote_id else Subject.ORDER

    def status_label(self, status: str) -> str:
        """A status of this change's subject, in the reader's language."""
        model = self._meta.apps.get_model("marketplace", self.subject.capitalize())
        choices = dict(model._meta.get_field("status").choices or [])
        return str(choices.get(status, status))

    @property
    def to_status_label(self) -> str:
        return self.status_label(self.to_status)

    @property
    def subject_name(self) -> str:
        """What changed, as a person names it: "Quote Q-2026-000012"."""
        if self.payment:
            return _("Payment %(number)s (%(method)s)") % {
                "number": self.payment.pk,
                "method": _("card")
                if self.payment.provider == "stripe"
                else _("invoice"),
            }
        if self.quote:
            return _("Quote %(number)s") % {"number": self.quote.number}
        return _("Order %(number)s") % {"number": getattr(self.order, "number", "")}

    @property
    def by_name(self) -> str:
        """Who made the change: a person, or the platform on its own (a payment
        provider's report, a scheduled task)."""
        if self.by is None:
            return str(_("Agora, automatically"))
        return self.by.get_full_name() or self.by.email


@dataclass(frozen=True)
class _Move:
    from_status: str
    to_status: str
    reason: str
    by: Any
    note: str


class StatusFlow(models.Model):
    """A `status` that moves only along `TRANSITIONS`, each move recorded.

    Creating a row records its first status; `reason_created` says why (set it
    with `created_because` before the first save)."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {}
    status: Any

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        moves = self._moves()
        saved = self.__dict__.get("_saved_status")
        adding = self._state.adding or self.pk is None
        moved = bool(moves) and moves[-1].to_status == self.status
        if not adding and saved not in (None, self.status) and not moved:
            raise ValueError(
                f"{type(self).__name__}.status changes through move_to() only."
            )
        update_fields = kwargs.get("update_fields")
        if moves and update_fields is not None and "status" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "status"]
        if adding and not moves:
            raise ValueError(
                f"A new {type(self).__name__} says why it exists: created_because()."
            )
        super().save(*args, **kwargs)
        if moves:
            links = self.history_links()
            StatusChange.objects.bulk_create(
                StatusChange(
                    from_status=move.from_status,
                    to_status=move.to_status,
                    reason=move.reason,
                    note=move.note,
                    by=move.by,
                    **links,
                )
                for move in moves
            )
            moves.clear()
        self._saved_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status")
        return instance

    def _moves(self) -> list[_Move]:
        moves = self.__dict__.setdefault("_pending_moves", [])
        return moves

    def created_because(self, reason: str, *, by=None, note: str = "") -> None:
        """Why this new row exists, for its first history entry."""
        self._moves().append(_Move("", self.status, reason, by, note))

    def move_to(self, status: str, *, reason: str, by=None, note: str = "") -> bool:
        """Move to `status` if the table allows it: False when already there,
        ValidationError when it may not go there."""
        if self.status == status:
            return False
        if status not in self.TRANSITIONS.get(self.status, frozenset()):
            label = self._meta.get_field("status").choices  # type: ignore[union-attr]
            names = dict(label or [])
            raise ValidationError(
                _("A %(what)s that is %(current)s cannot become %(new)s.")
                % {
                    "what": self._meta.verbose_name,
                    "current": str(names.get(self.status, self.status)).lower(),
                    "new": str(names.get(status, status)).lower(),
                }
            )
        self._moves().append(_Move(self.status, status, reason, by, note[:300]))
        self.status = status
        return True

    def history_links(self) -> dict[str, Any]:
        """The rows a change of this one names (itself, and its order)."""
        raise NotImplementedError
