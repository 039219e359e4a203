"""The ledger: what each vendor is owed, written per charge and per refund.

A charge raised (a first order, a renewal, added units) books each vendor's share;
a charge cancelled before it was paid, and every refund, book the opposite. A
vendor's statement for a month is the sum of its entries booked in it.
"""

from __future__ import annotations

from django.utils import timezone

from marketplace.models import LedgerEntry, LedgerKind, Order, VendorOrder


def _share(part: int, whole: int, amount: int) -> int:
    """`part/whole` of `amount`, rounded half up."""
    return (part * amount * 2 + whole) // (2 * whole) if whole else 0


def ledger_charge(order: Order) -> list[LedgerEntry]:
    """Book the vendors' shares of an order just raised. Once per order."""
    return LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                vendor_id=vendor_order.vendor_id,
                order=order,
                vendor_order=vendor_order,
                kind=LedgerKind.CHARGE,
                currency=vendor_order.currency,
                gross=vendor_order.gross,
                commission=vendor_order.commission,
                net=vendor_order.net,
                booked_at=order.placed_at,
            )
            for vendor_order in order.vendor_orders.all()
        ],
        ignore_conflicts=True,
    )


def ledger_cancel(order: Order) -> None:
    """An order cancelled before it was paid: its charge is reversed."""
    _reverse(order, LedgerKind.CANCELLATION, order.amount, reference="")


def ledger_refund(order: Order, *, amount: int, reference: str) -> None:
    """`amount` (tax included) went back to the buyer: each vendor gives back its
    share of it, in proportion to its part of the order. Once per `reference`."""
    _reverse(order, LedgerKind.REFUND, amount, reference=reference)


def _reverse(order: Order, kind: str, amount: int, *, reference: str) -> None:
    vendor_orders = list(VendorOrder.objects.filter(order=order).order_by("pk"))
    gross_total = sum(vendor_order.gross for vendor_order in vendor_orders)
    # The part of the order's amount (tax included) that goes back, as a part of
    # the gross before tax.
    gross_back = _share(amount, order.amount, gross_total) if order.amount else 0
    now = timezone.now()
    entries = []
    left = gross_back
    for index, vendor_order in enumerate(vendor_orders):
        last = index == len(vendor_orders) - 1
        gross = left if last else _share(vendor_order.gross, gross_total, gross_back)
        left -= gross
        commission = _share(vendor_order.commission, vendor_order.gross, gross)
        entries.append(
            LedgerEntry(
                vendor_id=vendor_order.vendor_id,
                order=order,
                vendor_order=vendor_order,
                kind=kind,
                currency=vendor_order.currency,
                gross=-gross,
                commission=-commission,
                net=-(gross - commission),
                booked_at=now,
                reference=reference,
            )
        )
    LedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
