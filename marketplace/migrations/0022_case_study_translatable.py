"""A case study's solutions are translated with the page (wagtail-localize needs a
translatable child model): each existing row gets its own translation key and
its page's locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def keys_and_locales(apps, schema_editor):
    CaseStudyListing = apps.get_model("marketplace", "CaseStudyListing")
    for row in CaseStudyListing.objects.select_related("page"):
        row.translation_key = uuid.uuid4()
        row.locale_id = row.page.locale_id
        row.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0021_translations"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudylisting",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="casestudylisting",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(keys_and_locales, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="casestudylisting",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="casestudylisting",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="casestudylisting",
            unique_together={("translation_key", "locale")},
        ),
    ]
