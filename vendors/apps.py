from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Vendors")
    # The Django permissions each capability needs (see accounts.permissions).
    capability_permissions = {
        Capability.VENDOR_VERIFY: {"vendors.view_vendor", "vendors.change_vendor"},
        Capability.WEBHOOK_MONITOR: {
            "vendors.view_delivery",
            "vendors.change_delivery",
            "vendors.view_webhookendpoint",
        },
    }
