"""Facet postings (bitmaps counted in memory), a stamp of each index write, and on PostgreSQL
an index in quality order for browsing without text."""

from django.db import migrations, models

import search.models

POSTGRES_FORWARD = (
    "CREATE INDEX search_quality_order ON search_indexedlisting "
    "(curated DESC, rating DESC NULLS LAST, reference_count DESC, title, listing_id)"
)
POSTGRES_BACKWARD = "DROP INDEX IF EXISTS search_quality_order"


def _postgres(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


def postings_from_facets(apps, schema_editor):
    """Count postings for what is already indexed (a search before them would find
    nothing)."""
    import uuid
    import zlib

    IndexedListing = apps.get_model("search", "IndexedListing")
    ListingFacet = apps.get_model("search", "ListingFacet")
    FacetPosting = apps.get_model("search", "FacetPosting")
    IndexVersion = apps.get_model("search", "IndexVersion")
    buffers = {}

    def add(key, pk):
        buffer = buffers.setdefault(key, bytearray())
        if len(buffer) <= pk >> 3:
            buffer.extend(bytes((pk >> 3) + 1 - len(buffer)))
        buffer[pk >> 3] |= 1 << (pk & 7)

    for facet, value, pk in ListingFacet.objects.values_list(
        "facet", "value", "listing_id"
    ).iterator(chunk_size=10_000):
        add((facet, value), pk)
    for pk in IndexedListing.objects.values_list("pk", flat=True).iterator(
        chunk_size=10_000
    ):
        add(("", ""), pk)
    FacetPosting.objects.bulk_create(
        FacetPosting(facet=facet, value=value, bits=zlib.compress(bytes(buffer), 1))
        for (facet, value), buffer in buffers.items()
    )
    version, _ = IndexVersion.objects.get_or_create(pk=1)
    version.version += 1
    version.stamp = uuid.uuid4().hex
    version.save()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_index_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetPosting",
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
                ("facet", models.CharField(max_length=24)),
                ("value", models.CharField(max_length=100)),
                ("bits", models.BinaryField()),
            ],
        ),
        migrations.AddConstraint(
            model_name="facetposting",
            constraint=models.UniqueConstraint(
                fields=("facet", "value"), name="search_posting_unique"
            ),
        ),
        migrations.AddField(
            model_name="indexversion",
            name="stamp",
            field=models.CharField(default=search.models.new_stamp, max_length=32),
        ),
        migrations.RunPython(
            _postgres(POSTGRES_FORWARD), _postgres(POSTGRES_BACKWARD)
        ),
        migrations.RunPython(postings_from_facets, migrations.RunPython.noop),
    ]
