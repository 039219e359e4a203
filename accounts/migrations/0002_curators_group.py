from django.db import migrations

# Group permissions are not granted by migrations: accounts.permissions
# .staff_groups_sync gives each staff group its capabilities' permissions after
# every migrate.


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations: list = []
