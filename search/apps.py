from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from marketplace.evidence import evidence_source_register
        from marketplace.signals import listing_changed
        from search.evidence import SavedSearchEvidence
        from search.indexing import on_listing_changed

        listing_changed.connect(on_listing_changed, dispatch_uid="search-index")
        # Packages' pages and procurement dossiers show the searches linked to them.
        evidence_source_register(SavedSearchEvidence())
