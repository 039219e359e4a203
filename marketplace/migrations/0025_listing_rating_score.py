"""The score ranking by rating uses (`reviews.ratings`), computed for the
listings already reviewed; `manage.py rating_scores` computes them again."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Sum

PLACES = Decimal("0.0001")


def scores(apps, schema_editor):
    """As `rating_scores_refresh` does for the whole catalog, with the models as
    they are at this migration."""
    Listing = apps.get_model("marketplace", "Listing")
    Review = apps.get_model("reviews", "Review")
    visible = Review.objects.filter(hidden_at__isnull=True)
    by_kind = {
        row["listing__category_id"]: (row["stars"], row["n"])
        for row in visible.values("listing__category_id")
        .annotate(stars=Sum("stars"), n=Count("pk"))
        .order_by()
    }
    if not by_kind:
        return  # no review anywhere: every score stays null

    def mean(stars, count):
        return (Decimal(stars) / count).quantize(PLACES, ROUND_HALF_UP)

    catalog = mean(
        sum(stars for stars, _n in by_kind.values()),
        sum(n for _stars, n in by_kind.values()),
    )
    by_listing = {
        row["listing_id"]: (row["stars"], row["n"])
        for row in visible.values("listing_id")
        .annotate(stars=Sum("stars"), n=Count("pk"))
        .order_by()
    }
    weight = settings.RATING_PRIOR_WEIGHT
    rows = []
    for pk, kind in Listing.objects.values_list("pk", "category_id"):
        prior = mean(*by_kind[kind]) if kind in by_kind else catalog
        stars, count = by_listing.get(pk, (0, 0))
        score = ((weight * prior + stars) / (weight + count)).quantize(
            PLACES, ROUND_HALF_UP
        )
        rows.append(Listing(pk=pk, rating_score=score))
    Listing.objects.bulk_update(rows, ["rating_score"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0024_listing_rating_distribution"),
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="rating_score",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                editable=False,
                max_digits=5,
                null=True,
                verbose_name="rating score",
            ),
        ),
        migrations.RunPython(scores, migrations.RunPython.noop),
    ]
