"""Chinese and Japanese text in a vector of its own (PostgreSQL), so that an English
query reads only English text. The rows are emptied: the next `search_reindex`, or
the periodic sweep, indexes every published listing again."""

import django.contrib.postgres.search
from django.db import migrations, models

import uuid


def empty_index(apps, schema_editor):
    IndexedListing = apps.get_model("search", "IndexedListing")
    FacetPosting = apps.get_model("search", "FacetPosting")
    IndexVersion = apps.get_model("search", "IndexVersion")
    IndexedListing.objects.all().delete()
    FacetPosting.objects.all().delete()
    IndexVersion.objects.update(stamp=uuid.uuid4().hex, version=models.F("version") + 1)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DELETE FROM search_listing_fts")


def gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_indexedlisting_cjk_gin ON search_indexedlisting "
            "USING gin (cjk_vector)"
        )


def gin_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_indexedlisting_cjk_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_insights"),
    ]

    # The rows are deleted last: PostgreSQL alters no table with deletions whose
    # deferred checks are still pending in the transaction.
    operations = [
        migrations.AddField(
            model_name="indexedlisting",
            name="cjk_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(gin_index, gin_index_drop),
        migrations.RunPython(empty_index, migrations.RunPython.noop),
    ]
