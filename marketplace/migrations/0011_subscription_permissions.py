from django.conf import settings
from django.db import migrations

GRANTS = {
    "CURATORS_GROUP": [
        ("marketplace", "subscription", ("view", "change")),
        ("vendors", "delivery", ("view", "change")),
        ("vendors", "webhookendpoint", ("view",)),
    ],
    "FINANCE_GROUP": [("marketplace", "subscription", ("view", "change"))],
}


def grant(apps, schema_editor):
    """Curators and finance staff run subscriptions; curators watch deliveries."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for setting, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=getattr(settings, setting))
        for app_label, model, actions in grants:
            content_type, _ = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0010_subscription_lifecycle"),
        ("vendors", "0004_webhooks"),
        ("accounts", "0002_curators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
