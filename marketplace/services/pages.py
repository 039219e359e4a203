"""The editorial page tree's fixed points."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from accounts.services import curators_group_ensure
from marketplace.pages import HomePage


@transaction.atomic
def home_page_ensure() -> HomePage:
    """Make sure the site has its home page, and curators may edit the page tree.

    The migrations do this for a new database; this restores it after a flush (the
    transactional tests) and is safe to run any number of times.
    """
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code="en")
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
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "site_name": "Agora",
            "root_page": home,
        },
    )
    curators_group_ensure(page=home)
    return home
