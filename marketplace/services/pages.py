"""The editorial page tree's fixed points."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupPagePermission, Locale, Page, Site

from accounts.permissions import staff_group
from accounts.roles import Role
from marketplace.pages import HomePage

# What curators may do in the editorial page tree, below the home page.
CURATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page")


@transaction.atomic
def home_page_sync(**kwargs) -> HomePage:
    """The site has its home page, curators may edit the page tree below it, and
    uploads have their root collection.

    Runs after every migrate and after a test database flush (`post_migrate`);
    safe to run any number of times.
    """
    # One locale per content language: the pages are translated into each.
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    # Uploaded images and documents (listing pictures, logos, datasheets) are filed
    # in the collection tree's root.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(
            instance=HomePage(
                title="Agora",
                slug="home",
                hero_title=_("Compose your smart city, one proven solution at a time"),
            )
        )
    # A site configured in the admin (its host name) stays as it is.
    Site.objects.get_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "site_name": "Agora",
            "root_page": home,
        },
    )
    for page in HomePage.objects.all():
        curators_may_edit(page)
    return home


def curators_may_edit(home: Page) -> None:
    """Curators may edit the page tree below a home page (the original or one of
    its translations, each of which is a tree of its own)."""
    curators = staff_group(Role.CURATOR)
    for codename in CURATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=curators,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def home_page_translated(sender, instance: HomePage, created: bool, **kwargs) -> None:
    """A new translation of the home page (`post_save`): curators edit it too."""
    if created and not kwargs.get("raw"):
        curators_may_edit(instance)
