from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability


def _model_permissions(model: str, *actions: str) -> set[str]:
    return {f"marketplace.{action}_{model}" for action in actions}


EDIT = ("add", "change", "delete", "view")


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")
    # The Django permissions each capability needs (see accounts.permissions).
    capability_permissions = {
        Capability.CATALOG_REVIEW: _model_permissions(
            "listing", *EDIT, "publish", "lock", "unlock"
        )
        | _model_permissions("category", *EDIT)
        | _model_permissions("protocol", *EDIT)
        | _model_permissions("certification", *EDIT)
        | _model_permissions("capability", *EDIT),
        Capability.CATALOG_CURATE: _model_permissions(
            "endorsement", "add", "change", "view"
        )
        | _model_permissions("endorsementcriterion", *EDIT)
        | _model_permissions("promotion", "add", "change", "view")
        | {"wagtaildocs.choose_document", "wagtailimages.choose_image"},
        Capability.SUBSCRIPTION_MANAGE: _model_permissions(
            "subscription", "view", "change"
        ),
        Capability.ORDERS_AUDIT: _model_permissions("order", "view")
        | _model_permissions("vendororder", "view")
        | _model_permissions("document", "view")
        | _model_permissions("ledgerentry", "view"),
        Capability.PAYMENT_MARK_PAID: _model_permissions("payment", "change")
        | _model_permissions("stripeevent", "view", "change"),
    }

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import WorkflowState
        from wagtail.signals import (
            published,
            unpublished,
            workflow_approved,
            workflow_rejected,
        )

        from marketplace.evidence import evidence_source_register
        from marketplace.models import Listing
        from marketplace.selectors.comparisons import ComparisonEvidence

        # Wagtail publishes and unpublishes listings itself (workflow approvals in
        # the admin); relay both, and deletions, as one catalog signal.
        for signal in (published, unpublished, post_delete):
            signal.connect(
                _announce_listing_change,
                sender=Listing,
                dispatch_uid=f"listing-{id(signal)}",
            )
        # Packages' pages and procurement dossiers show the comparisons saved to
        # them; apps above the marketplace add their own evidence the same way.
        evidence_source_register(ComparisonEvidence())
        # The curators decide on a listing's review in the Wagtail admin: the one
        # place that learns of it is Wagtail's workflow signals.
        workflow_approved.connect(
            _listing_review_approved,
            sender=WorkflowState,
            dispatch_uid="listing-review-approved",
        )
        workflow_rejected.connect(
            _listing_review_returned,
            sender=WorkflowState,
            dispatch_uid="listing-review-returned",
        )
        _wagtail_review_mail_not_for_listings()
        # The header's link to the Select storefront follows the page.
        from marketplace import navigation

        navigation.receivers_connect()
        # Cached fragments of the public pages go out of date with the catalog.
        from marketplace.services.page_cache import receivers_connect

        receivers_connect()
        # The home page and the listing review workflow exist after every migrate
        # and after a test database flush.
        # Curators edit each translation of the home page as well.
        from marketplace.pages import HomePage
        from marketplace.services.listings import listing_review_workflow_sync
        from marketplace.services.pages import home_page_sync, home_page_translated

        post_save.connect(
            home_page_translated, sender=HomePage, dispatch_uid="marketplace-home-tr"
        )
        post_migrate.connect(
            home_page_sync, sender=self, dispatch_uid="marketplace-home-page"
        )
        post_migrate.connect(
            listing_review_workflow_sync,
            sender=self,
            dispatch_uid="marketplace-review-workflow",
        )


def _announce_listing_change(sender, instance, **kwargs) -> None:
    from marketplace.signals import listing_changed

    listing_changed.send(sender=sender, listing_id=instance.pk)


def _is_listing(workflow_state) -> bool:
    from django.contrib.contenttypes.models import ContentType

    from marketplace.models import Listing

    return workflow_state.base_content_type_id == (
        ContentType.objects.get_for_model(Listing).pk
    )


def _listing_review_approved(sender, instance, **kwargs) -> None:
    from marketplace.services.listings import listing_review_decided

    if _is_listing(instance):
        listing_review_decided(workflow_state=instance, approved=True)


def _listing_review_returned(sender, instance, **kwargs) -> None:
    from marketplace.services.listings import listing_review_decided

    if _is_listing(instance):
        listing_review_decided(workflow_state=instance, approved=False)


def _wagtail_review_mail_not_for_listings() -> None:
    """Wagtail e-mails whoever submitted an object when its review is approved or
    rejected; for a listing the vendor's publishers are notified by Agora instead
    (in their language, with a link they can open), so Wagtail's e-mail would be
    a second one. Its notifiers are connected here, under Wagtail's own dispatch
    ids and told to leave listings alone, before wagtail.admin connects them
    (its connect then finds them there and adds nothing)."""
    from wagtail.admin import signal_handlers as wagtail_mail
    from wagtail.models import WorkflowState
    from wagtail.signals import workflow_approved, workflow_rejected

    for signal, notifier, uid in (
        (
            workflow_approved,
            wagtail_mail.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
        (
            workflow_rejected,
            wagtail_mail.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(
            _unless_listing(notifier),
            sender=WorkflowState,
            dispatch_uid=uid,
            # Nothing else holds the wrapper.
            weak=False,
        )


def _unless_listing(notifier):
    def notify(sender, instance, **kwargs):
        if _is_listing(instance):
            return False
        return notifier(sender=sender, instance=instance, **kwargs)

    return notify
