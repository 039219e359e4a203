"""Billing: every subscription is charged each period for as long as it runs.

- `runs`: the billing run as of a day (what beat runs every hour, and
  `manage.py billing_run --at DAY`): dunning and overdue invoices first, then each
  subscription whose period or term ends, in keyset batches, each first order in a
  transaction of its own. Idempotent per day.
- `renewals`: one first order's subscriptions billed through a day: a renewal
  order per period start (with the units added in the period before), an order of
  added units alone when no renewal follows.
- `terms`: one subscription's schedule stepped through a day: periods charged,
  terms renewed or ended.
- `proration`: what a period costs, and the rule for units added or removed.
- `dunning`: a renewal charged to the saved card, a declined one retried and
  reminded, and after the last try (or an invoice past due) the subscriptions it
  bills suspended until it is paid.

Depends one way: billing → orders, payments, subscriptions, provisioning events.
"""
