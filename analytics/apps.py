from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from marketplace.signals import listing_viewed

        listing_viewed.connect(_count_view, dispatch_uid="analytics-listing-view")


def _count_view(sender, listing_id: int, user_agent: str, **kwargs) -> None:
    from analytics.services import view_record

    view_record(listing_id=listing_id, user_agent=user_agent)
