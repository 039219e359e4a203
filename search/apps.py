from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from marketplace.signals import listing_changed
        from search.indexing import on_listing_changed

        listing_changed.connect(on_listing_changed, dispatch_uid="search-index")
