from django.db import migrations, models
from django.db.models import F


def existing_users_verified(apps, schema_editor):
    """Accounts made before sign-up verified addresses keep working: they count as
    verified since they joined."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(
        email_verified_at=F("date_joined")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_approval_rules_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="e-mail address verified"
            ),
        ),
        migrations.RunPython(existing_users_verified, migrations.RunPython.noop),
    ]
