"""Listings go through one review: a curator approves (and so publishes) or asks for
changes. Curators can change the workflow in the Wagtail admin."""

from django.conf import settings
from django.db import migrations

CURATOR_PERMISSIONS = {
    "listing": ["add", "change", "delete", "publish", "lock", "unlock", "view"],
    "category": ["add", "change", "delete", "view"],
    "protocol": ["add", "change", "delete", "view"],
    "certification": ["add", "change", "delete", "view"],
    "capability": ["add", "change", "delete", "view"],
}


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    curators, _ = Group.objects.get_or_create(name=settings.CURATORS_GROUP)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, created = GroupApprovalTask.objects.get_or_create(
        name="Curator review", defaults={"content_type": task_type}
    )
    if created:
        task.groups.add(curators)
    workflow, _ = Workflow.objects.get_or_create(name="Listing review")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=0)
    listing_type, _ = ContentType.objects.get_or_create(
        app_label="marketplace", model="listing"
    )
    WorkflowContentType.objects.get_or_create(
        content_type=listing_type, defaults={"workflow": workflow}
    )

    # Permissions are normally created after all migrations ran; create the ones the
    # curators need now, so that a new installation has them from the start.
    Permission = apps.get_model("auth", "Permission")
    for model, actions in CURATOR_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(
            app_label="marketplace", model=model
        )
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            curators.permissions.add(permission)


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(
        name="Listing review"
    ).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name="Curator review").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_catalog"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
