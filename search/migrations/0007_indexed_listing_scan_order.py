"""Rebuild the indexed listing table with its columns in the order a text scan reads
them (the vectors and the relevance sort's keys first), without the description, which
only the vector (PostgreSQL) or the FTS5 table (SQLite) needs, and with a vector of the
name (PostgreSQL). The rows are copied."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

COLUMNS = (
    "listing_id, search_vector, curated, rating, reference_count, rating_count, "
    "price_from, published_at, indexed_at, title, slug, title_local, summary, tags, "
    "vendor_name, category_name"
)
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_indexedlisting_name_gin",
    "DROP INDEX IF EXISTS search_quality_order",
    "DROP INDEX IF EXISTS search_indexedlisting_title_trgm",
    "DROP INDEX IF EXISTS search_indexedlisting_vector_gin",
]
POSTGRES_CREATE = [
    "CREATE INDEX search_indexedlisting_vector_gin ON search_indexedlisting "
    "USING gin (search_vector)",
    "CREATE INDEX search_indexedlisting_title_trgm ON search_indexedlisting "
    "USING gin (title gin_trgm_ops)",
    "CREATE INDEX search_quality_order ON search_indexedlisting "
    "(curated DESC, rating DESC NULLS LAST, reference_count DESC, title, listing_id)",
    "CREATE INDEX search_indexedlisting_name_gin ON search_indexedlisting "
    "USING gin (name_vector)",
    # The name of the listings indexed before this migration.
    "UPDATE search_indexedlisting SET name_vector = "
    "setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('simple', title_local), 'B') || "
    "setweight(to_tsvector('english', tags), 'B') || "
    "setweight(to_tsvector('english', category_name), 'B')",
]


def _postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def copy_rows(apps, schema_editor):
    schema_editor.execute(
        f"INSERT INTO search_indexedlistingnext ({COLUMNS}) "  # noqa: S608
        f"SELECT {COLUMNS} FROM search_indexedlisting"
    )


INDEXES = [
    models.Index(fields=["price_from"], name="search_inde_price_f_36a18d_idx"),
    models.Index(fields=["-rating"], name="search_inde_rating_23a362_idx"),
    models.Index(fields=["-published_at"], name="search_inde_publish_263abd_idx"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0004_listing_review_workflow"),
        ("search", "0006_facet_postings"),
    ]

    operations = [
        migrations.RunPython(_postgres(POSTGRES_DROP), _postgres(POSTGRES_CREATE[:3])),
        *[
            migrations.RemoveIndex(model_name="indexedlisting", name=index.name)
            for index in INDEXES
        ],
        migrations.CreateModel(
            name="IndexedListingNext",
            fields=[
                (
                    "listing",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="marketplace.listing",
                    ),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(null=True),
                ),
                (
                    "name_vector",
                    django.contrib.postgres.search.SearchVectorField(null=True),
                ),
                ("curated", models.BooleanField(default=False)),
                ("rating", models.FloatField(null=True)),
                ("reference_count", models.PositiveIntegerField(default=0)),
                ("rating_count", models.PositiveIntegerField(default=0)),
                ("price_from", models.BigIntegerField(null=True)),
                ("published_at", models.DateTimeField(null=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
                ("title", models.CharField(max_length=120)),
                ("slug", models.SlugField(max_length=80)),
                ("title_local", models.CharField(blank=True, max_length=120)),
                ("summary", models.CharField(blank=True, max_length=240)),
                ("tags", models.TextField(blank=True)),
                ("vendor_name", models.CharField(max_length=200)),
                ("category_name", models.CharField(max_length=80)),
            ],
        ),
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="listingfacet",
            name="listing",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="facets",
                to="search.indexedlistingnext",
            ),
        ),
        migrations.DeleteModel(name="IndexedListing"),
        migrations.RenameModel(old_name="IndexedListingNext", new_name="IndexedListing"),
        *[
            migrations.AddIndex(model_name="indexedlisting", index=index)
            for index in INDEXES
        ],
        migrations.RunPython(_postgres(POSTGRES_CREATE), _postgres(POSTGRES_DROP)),
    ]
