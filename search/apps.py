from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    # The Django permissions each capability needs (see accounts.permissions).
    capability_permissions = {
        Capability.CATALOG_CURATE: {
            f"search.{action}_synonym" for action in ("add", "change", "delete", "view")
        },
    }

    def ready(self) -> None:
        from marketplace.evidence import evidence_source_register
        from marketplace.signals import listing_changed, rating_scores_changed
        from search.evidence import SavedSearchEvidence
        from search.indexing import on_listing_changed, on_rating_scores_changed

        listing_changed.connect(on_listing_changed, dispatch_uid="search-index")
        rating_scores_changed.connect(
            on_rating_scores_changed, dispatch_uid="search-rating-scores"
        )
        # Packages' pages and procurement dossiers show the searches linked to them.
        evidence_source_register(SavedSearchEvidence())
