from django.db import migrations

# Group permissions are not granted by migrations: accounts.permissions
# .staff_groups_sync gives each staff group its capabilities' permissions after
# every migrate.


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0002_decision_note"),
        ("accounts", "0002_curators_group"),
    ]

    operations: list = []
