from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")
    # Curators moderate reviews in the admin.
    capability_permissions = {
        Capability.CATALOG_CURATE: {"reviews.view_review", "reviews.change_review"},
    }

    def ready(self) -> None:
        from wagtail.signals import published

        from marketplace.models import Listing

        # A listing published ranks by rating at once: at its kind's mean without
        # reviews (the index is written after the publication commits).
        published.connect(
            _listing_score_on_publish,
            sender=Listing,
            dispatch_uid="listing-rating-score",
        )


def _listing_score_on_publish(sender, instance, **kwargs) -> None:
    from reviews.ratings import listing_score_refresh

    listing_score_refresh(instance.pk)
