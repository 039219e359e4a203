from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    """Finance staff read the invoices, receipts and credit notes issued, and the
    ledger's entries."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=settings.FINANCE_GROUP)
    for model, name in (("document", "document"), ("ledgerentry", "ledger entry")):
        content_type, _ = ContentType.objects.get_or_create(
            app_label="marketplace", model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"view_{model}",
            defaults={"name": f"Can view {name}"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0015_phases_billing_documents")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
