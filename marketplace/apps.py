from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import published, unpublished

        from marketplace.models import Listing

        # Wagtail publishes and unpublishes listings itself (workflow approvals in
        # the admin); relay both, and deletions, as one catalog signal.
        for signal in (published, unpublished, post_delete):
            signal.connect(
                _announce_listing_change,
                sender=Listing,
                dispatch_uid=f"listing-{id(signal)}",
            )


def _announce_listing_change(sender, instance, **kwargs) -> None:
    from marketplace.signals import listing_changed

    listing_changed.send(sender=sender, listing_id=instance.pk)
