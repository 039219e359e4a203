"""The statistics reports: each reads the rollups (`analytics.models`), never the
orders, and returns one `Table` — label column first, money in minor units of
`Table.currency`.

The currency of a report is the filters' or, when they name none, the one with the
most sales in the period (`currency_for`); amounts in different currencies are
never added up.

`sales` holds the curators' and finance's sales reports, `funnel` the funnel and
provisioning, `vendor` a vendor's own reports and `discovery` what listings are
ordered together; `currencies` and `common` what they share.
"""

from analytics.labels import period_label, region_label
from analytics.selectors.currencies import currencies, currency_for
from analytics.selectors.discovery import combined_with
from analytics.selectors.funnel import funnel, provisioning
from analytics.selectors.sales import DIMENSIONS, sale_effect, sales_by, sales_over_time
from analytics.selectors.vendor import vendor_ledger, vendor_listings, vendor_over_time

__all__ = [
    "DIMENSIONS",
    "combined_with",
    "currencies",
    "currency_for",
    "funnel",
    "period_label",
    "provisioning",
    "region_label",
    "sale_effect",
    "sales_by",
    "sales_over_time",
    "vendor_ledger",
    "vendor_listings",
    "vendor_over_time",
]
