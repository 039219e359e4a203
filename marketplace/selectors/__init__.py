"""Reads: `catalog` (listings, categories, Select), `buying` (payments, orders,
subscriptions) and `packages` (a package's lines, totals and warnings)."""
