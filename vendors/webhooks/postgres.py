"""The one statement the engine writes in PostgreSQL's own terms, because the ORM's
would miss the webhook benchmark's target: the delivery log's rows of a batch, in
one COPY. On SQLite (development) `recording` inserts them with the ORM.

The figures that keep it (`benchmarks/webhooks.py`, 2,000 events, 2 CPUs, three
runs each, 2026-12-06): with the ORM's INSERT the backlog drained at 0.55x, 0.49x
and 0.47x the bare HTTP loop (median 0.49x: the target, 0.5x, missed); with this
COPY at 0.58x, 0.67x and 0.55x (median 0.58x). Every other statement goes through
the ORM: with them in SQL as well, one run gave 0.66x."""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection

from vendors.models import DeliveryAttempt

_FIELDS = [
    field for field in DeliveryAttempt._meta.concrete_fields if not field.primary_key
]


def serves() -> bool:
    """Whether the database is PostgreSQL, where this statement serves."""
    return connection.vendor == "postgresql"


def attempts_copy(rows: Sequence[DeliveryAttempt]) -> None:
    """Write these DeliveryAttempt rows with COPY: a tenth of the CPU of an INSERT of
    bound parameters. Django's cursor has no COPY; its psycopg cursor does."""
    table = connection.ops.quote_name(DeliveryAttempt._meta.db_table)
    # A concrete field always has its column.
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in _FIELDS)
    statement = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            values = (getattr(row, field.attname) for field in _FIELDS)
            copy.write_row(
                [
                    json.dumps(value) if isinstance(value, dict) else value
                    for value in values
                ]
            )
