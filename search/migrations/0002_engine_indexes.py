"""Engine-specific parts of the database search: PostgreSQL's GIN indexes (full text
and trigram, for typos) or SQLite's FTS5 table."""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_indexedlisting_vector_gin ON search_indexedlisting "
    "USING gin (search_vector)",
    "CREATE INDEX search_indexedlisting_title_trgm ON search_indexedlisting "
    "USING gin (title gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_indexedlisting_title_trgm",
    "DROP INDEX IF EXISTS search_indexedlisting_vector_gin",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_listing_fts USING fts5("
    "title, title_local, summary, body, tags, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_listing_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
