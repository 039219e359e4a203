"""What a billing period costs, and the rule for units added or removed in one.

- A period charges the subscription's units at the quote's prices: the quote
  line's price for one period at its own quantity (units it sold at a sale price
  keep that price), each unit more at the line's list unit price, each unit fewer
  taken off at the list price first.
- Units added during a period are charged from the day they were added to the
  period's end, their share of the period's price (`subscriptions._units_added`
  records it); the next charge bills it, on the renewal of the next period, or on
  an order of its own when none follows (the term ends).
- Units removed are charged until the period ends; the next period charges the
  units then in force.
"""

from __future__ import annotations

from marketplace.models import QuoteLine


def period_price(line: QuoteLine, quantity: int) -> int:
    """What `quantity` units of the quote line cost for one billing period, before
    tax: `line.subtotal` at the line's own quantity."""
    if quantity >= line.quantity:
        return line.subtotal + (quantity - line.quantity) * line.list_unit_price
    on_sale = min(quantity, line.sale_units)
    return on_sale * line.sale_unit_price + (quantity - on_sale) * line.list_unit_price
