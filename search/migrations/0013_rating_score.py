"""Ranking by rating uses the listing's rating score (a Bayesian average against its
kind's mean) rather than the displayed average: a column for it, copied from the
catalog for the listings already indexed, and on PostgreSQL the index in quality order
on it."""

from django.db import migrations, models

COPY = (
    "UPDATE search_indexedlisting SET rating_score = ("
    "SELECT l.rating_score FROM marketplace_listing AS l "
    "WHERE l.id = search_indexedlisting.listing_id)"
)
QUALITY_ORDER = (
    "CREATE INDEX search_quality_order ON search_indexedlisting "
    "(curated DESC, {rating} DESC NULLS LAST, reference_count DESC, title, listing_id)"
)
DROP_QUALITY_ORDER = "DROP INDEX IF EXISTS search_quality_order"


def _postgres(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def copy_scores(apps, schema_editor):
    schema_editor.execute(COPY)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0025_listing_rating_score"),
        ("search", "0012_term_postings"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="indexedlisting",
            name="search_inde_rating_23a362_idx",
        ),
        migrations.AddField(
            model_name="indexedlisting",
            name="rating_score",
            field=models.FloatField(null=True),
        ),
        migrations.RunPython(copy_scores, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="indexedlisting",
            index=models.Index(
                fields=["-rating_score"], name="search_inde_rating__3be731_idx"
            ),
        ),
        migrations.RunPython(
            _postgres(
                DROP_QUALITY_ORDER, QUALITY_ORDER.format(rating="rating_score")
            ),
            _postgres(DROP_QUALITY_ORDER, QUALITY_ORDER.format(rating="rating")),
        ),
    ]
