"""Listings in three languages: the index keeps each language's title and summary,
and the Chinese and Japanese text as bigrams (SQLite's FTS5 table gets a column of
names in every language instead of the local name). The rows are emptied: the next
`search_reindex`, or the periodic sweep, indexes every published listing again."""

import uuid

from django.db import migrations, models

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_listing_fts USING fts5("
    "title, names, summary, body, tags, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)


def empty_index(apps, schema_editor):
    IndexedListing = apps.get_model("search", "IndexedListing")
    FacetPosting = apps.get_model("search", "FacetPosting")
    IndexVersion = apps.get_model("search", "IndexVersion")
    IndexedListing.objects.all().delete()
    FacetPosting.objects.all().delete()
    IndexVersion.objects.update(stamp=uuid.uuid4().hex, version=models.F("version") + 1)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_listing_fts")
        schema_editor.execute(SQLITE_FTS)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_saved_search_package"),
    ]

    # The rows are deleted last: PostgreSQL alters no table with deletions whose
    # deferred checks are still pending in the transaction.
    operations = [
        migrations.RemoveField(
            model_name="indexedlisting",
            name="title_local",
        ),
        migrations.AddField(
            model_name="indexedlisting",
            name="i18n",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="indexedlisting",
            name="names",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(empty_index, migrations.RunPython.noop),
    ]
