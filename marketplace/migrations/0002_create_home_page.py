from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("marketplace", "HomePage")

    # Wagtail's first migration leaves a "Welcome" page at depth 2; Agora's home page
    # takes its place.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="marketplace"
    )
    home = HomePage.objects.create(
        title="Agora",
        draft_title="Agora",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=Page.objects.get(depth=1).locale_id,
        hero_title="Compose your smart city, one proven solution at a time",
        hero_text=(
            "Search hundreds of smart-city and enterprise solutions from independent "
            "vendors, compare them side by side and build your own package, phase by "
            "phase."
        ),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "site_name": "Agora",
            "root_page": home,
        },
    )
    # Curators' page permissions: marketplace.services.pages.home_page_sync, after
    # every migrate.


def remove_home_page(apps, schema_editor):
    apps.get_model("marketplace", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
        ("accounts", "0002_curators_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
