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
