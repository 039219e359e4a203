"""Where the main navigation's "Select" points: the Select storefront's address,
kept in the cache because every page's header shows it, and forgotten whenever a
page is published, unpublished, moved or deleted, or the storefront saved."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from marketplace.translations import active_language

KEY = "navigation:select:{language}"


def select_page_url() -> str:
    """The address of the Select storefront in the active language, or "" while
    there is none."""
    language = active_language()
    key = KEY.format(language=language)
    url = cache.get(key)
    if url is None:
        from marketplace.pages import SelectPage, localized_page

        page = localized_page(SelectPage)
        url = page.url if page else ""
        cache.set(key, url, timeout=None)
    return url


def select_page_url_forget(**kwargs) -> None:
    cache.delete_many([KEY.format(language=code) for code, _name in settings.LANGUAGES])


def receivers_connect() -> None:
    """Any page's change may move the storefront (a parent moved, a translation
    published), and they are rare: each forgets the address."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(select_page_url_forget, dispatch_uid=f"navigation-{id(signal)}")
    post_delete.connect(
        select_page_url_forget, sender=Page, dispatch_uid="navigation-page-deleted"
    )
    # A storefront added or changed without a publication (a script, the demo).
    from marketplace.pages import SelectPage

    post_save.connect(
        select_page_url_forget, sender=SelectPage, dispatch_uid="navigation-select"
    )
