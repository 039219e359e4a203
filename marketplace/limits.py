"""The bounds of what buyers and vendors enter: quantities, phases, prices, budgets
and the size of a listing. Models, forms, serializers and services read them from
here, so that no value can overflow a column or a quote's arithmetic later.

The money bounds are chosen so that a line's price over its longest contract term
(MAX_QUANTITY * MAX_PRICE * MAX_CONTRACT_TERM_MONTHS, 1.2e18) fits a BigInteger
column (9.2e18); and a package's totals are held to MAX_AMOUNT, far below it, so
that a quote's sums, its tax and the cost projections over years fit too.
"""

from __future__ import annotations

# The largest value of PostgreSQL's columns (SQLite's are all 64-bit).
INTEGER_MAX = 2**31 - 1
SMALLINT_MAX = 2**15 - 1
BIGINT_MAX = 2**63 - 1

# Units of one plan on one package line (and in one subscription).
MAX_QUANTITY = 1_000_000
# Phases of a package: a pilot, then the stages of a rollout.
MAX_PHASE = 20
# A unit price or a setup fee, in minor units: 100,000,000.00 (100,000,000 yen).
MAX_PRICE = 10_000_000_000
MAX_CONTRACT_TERM_MONTHS = 120
MAX_TRIAL_DAYS = 365
MAX_PRICE_BREAKS = 20
# Any total of a package or a quote (a phase, a year, a contract term), and a
# package's budget, in minor units: 10,000,000,000,000.00.
MAX_AMOUNT = 1_000_000_000_000_000

# A listing: its description (HTML, once cleaned), tags, plans and references.
MAX_DESCRIPTION_LENGTH = 20_000
MAX_PLAN_DESCRIPTION_LENGTH = 2_000
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_PLANS = 20
MAX_REFERENCE_DEPLOYMENTS = 50
# A listing's documents (datasheets, certificates …): PDF files of at most this size.
MAX_DOCUMENTS = 20
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
