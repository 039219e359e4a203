from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    # The Django permissions each capability needs (see accounts.permissions).
    capability_permissions = {
        Capability.ADMIN_ACCESS: {"wagtailadmin.access_admin"},
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.permissions import staff_groups_sync

        # After every migrate, and after a test database flush.
        post_migrate.connect(
            staff_groups_sync, sender=self, dispatch_uid="accounts-staff-groups"
        )
