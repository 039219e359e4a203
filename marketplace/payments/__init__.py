"""Payments. Only `marketplace.payments.stripe` talks to Stripe."""
