from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name=settings.CURATORS_GROUP)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="vendors", model="vendor"
    )
    for action in ("change", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_vendor",
            defaults={"name": f"Can {action} vendor"},
        )
        curators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0002_decision_note"),
        ("accounts", "0002_curators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
