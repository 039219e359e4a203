"""Payments: the only service that talks to the Stripe gateway.

- `attempts`: a payment is one attempt to pay an order, by card (a Stripe
  PaymentIntent) or by invoice (finance marks it paid). What Stripe reports is
  applied here, once: a payment that went through pays its order, whose lines become
  subscriptions; a payment that arrives when its order no longer waits for one
  (cancelled, or paid already) is recorded and refunded, so every amount taken is
  accounted for.
- `cards`: paying a card order on its page (Stripe Elements, 3-D Secure).
- `refunds`: finance's refunds, a failed line's refund, an unneeded payment's refund.

Writers lock through `services.locks` (order, payments, subscriptions).
"""
