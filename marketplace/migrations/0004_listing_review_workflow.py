from django.db import migrations

# Group permissions are not granted by migrations: accounts.permissions
# .staff_groups_sync gives each staff group its capabilities' permissions after
# every migrate, and listing_review_workflow_sync makes the review workflow.


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_catalog"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations: list = []
