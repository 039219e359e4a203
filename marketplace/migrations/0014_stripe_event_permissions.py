from django.db import migrations

# Group permissions are not granted by migrations: accounts.permissions
# .staff_groups_sync gives each staff group its capabilities' permissions after
# every migrate.


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0013_buying_history")]

    operations: list = []
