from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    """Finance staff read the Stripe events and try a failed one again."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=settings.FINANCE_GROUP)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="marketplace", model="stripeevent"
    )
    for action in ("view", "change"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_stripeevent",
            defaults={"name": f"Can {action} Stripe event"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0013_buying_history")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
