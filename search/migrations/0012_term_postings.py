"""Term postings (`search.terms`), built from the vectors already indexed."""

import zlib

from django.db import migrations, models

COLUMNS = {"t": "search_vector", "c": "cjk_vector", "n": "name_vector"}


def build(apps, schema_editor):
    """As `search.terms.terms_rebuild` does, so that a catalog indexed before needs
    no reindex."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for vector, column in COLUMNS.items():
            cursor.execute(
                f"SELECT term, array_agg(listing_id) FROM ("  # noqa: S608
                f"SELECT listing_id, unnest(tsvector_to_array({column})) AS term "
                "FROM search_indexedlisting) AS t GROUP BY term"
            )
            rows = []
            for term, ids in cursor.fetchall():
                buffer = bytearray(max(ids) // 8 + 1)
                for pk in ids:
                    buffer[pk >> 3] |= 1 << (pk & 7)
                rows.append((vector, term, zlib.compress(bytes(buffer), 1)))
            for start in range(0, len(rows), 5000):
                chunk = rows[start : start + 5000]
                cursor.execute(
                    "INSERT INTO search_termposting (vector, term, bits) "
                    "SELECT * FROM unnest(%s::varchar[], %s::text[], %s::bytea[])",
                    [list(column) for column in zip(*chunk, strict=True)],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0011_cjk_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="TermPosting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("vector", models.CharField(max_length=1)),
                ("term", models.TextField()),
                ("bits", models.BinaryField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("vector", "term"), name="search_term_posting_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
