"""The catalog in the Wagtail admin: the curators' review queue and reference data."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.models import WorkflowState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.permissions import can
from accounts.roles import Capability as Can
from marketplace import admin_views
from marketplace.admin_plans import PlanInlinePanel
from marketplace.admin_translations import translations_form, translations_tab
from marketplace.limits import MAX_PLANS, MAX_REFERENCE_DEPLOYMENTS
from marketplace.models import (
    Capability,
    Category,
    Certification,
    Listing,
    ListingStatus,
    Protocol,
)
from marketplace.models.catalog import clean_tags
from vendors.models import WebhookEndpoint

_STATUS_FILTERS = {
    ListingStatus.IN_REVIEW: Q(_in_review=True),
    ListingStatus.CHANGES_REQUESTED: Q(_changes_requested=True),
    ListingStatus.DRAFT: Q(
        live=False,
        suspended_at__isnull=True,
        _in_review=False,
        _changes_requested=False,
    ),
    ListingStatus.PUBLISHED: Q(
        live=True, has_unpublished_changes=False, _in_review=False
    ),
    ListingStatus.PUBLISHED_WITH_CHANGES: Q(
        live=True,
        has_unpublished_changes=True,
        _in_review=False,
        _changes_requested=False,
    ),
    ListingStatus.SUSPENDED: Q(suspended_at__isnull=False),
}


def _workflow_status(status: str) -> Exists:
    return Exists(
        WorkflowState.objects.filter(
            base_content_type__app_label="marketplace",
            base_content_type__model="listing",
            object_id=OuterRef("pk__str"),
            status=status,
        )
    )


class ListingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ListingStatus.choices,
        method="filter_status",
        empty_label=_("Any"),
    )

    class Meta:
        model = Listing
        fields = ["vendor", "category"]

    def filter_status(self, queryset, name, value):
        # Workflow states point at their object by a text id.
        queryset = queryset.annotate(pk__str=Cast("pk", CharField())).annotate(
            _in_review=_workflow_status(WorkflowState.STATUS_IN_PROGRESS),
            _changes_requested=_workflow_status(WorkflowState.STATUS_NEEDS_CHANGES),
        )
        return queryset.filter(_STATUS_FILTERS[value])


def endpoint_summary(listing) -> str:
    """How reliably the listing's vendor takes its provisioning events, from the
    listing's annotations."""
    if listing.endpoint_enabled is None:
        return str(_("no endpoint"))
    if not listing.endpoint_enabled:
        return str(_("endpoint off"))
    if not listing.attempts_30d:
        return str(_("no delivery yet"))
    return _("%(percent)s %% of %(attempts)s delivered") % {
        "percent": round(100 * listing.succeeded_30d / listing.attempts_30d),
        "attempts": listing.attempts_30d,
    }


class ListingAdminForm(WagtailAdminModelForm):
    """The model validates a listing's fields; its tags are set after that, so
    their limits are checked here (as the vendor services check them)."""

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        clean_tags(tags)
        return tags


class ListingViewSet(SnippetViewSet):
    model = Listing
    icon = "clipboard-list"
    menu_label = _("Listings")
    list_display = [
        "title",
        Column("vendor", label=_("Vendor")),
        Column("category", label=_("Category")),
        Column("status_label", label=_("Status")),
        Column(
            "provisioning",
            label=_("Vendor's webhooks, 30 days"),
            accessor=lambda listing: endpoint_summary(listing),
        ),
        UpdatedAtColumn(),
    ]
    filterset_class = ListingFilterSet
    edit_view_class = admin_views.ListingEditView
    search_fields = ["title", "summary"]
    ordering = ["title"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        from vendors.admin_webhooks import HEALTH_DAYS, vendor_attempts

        since = timezone.now() - timedelta(days=HEALTH_DAYS)
        return Listing.objects.select_related(
            "vendor__organization", "category"
        ).annotate(
            endpoint_enabled=Subquery(
                WebhookEndpoint.objects.filter(vendor_id=OuterRef("vendor_id")).values(
                    "enabled"
                )[:1]
            ),
            attempts_30d=vendor_attempts(since),
            succeeded_30d=vendor_attempts(since, succeeded=True),
        )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("vendor"),
                    FieldRowPanel([FieldPanel("title"), FieldPanel("language")]),
                    FieldPanel("slug"),
                    FieldPanel("category"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("tags"),
                ],
                heading=_("Content"),
            ),
            translations_tab(Listing),
            ObjectList(
                [
                    FieldPanel("deployment_model"),
                    FieldPanel("protocols", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("certifications", widget=forms.CheckboxSelectMultiple),
                    FieldRowPanel(
                        [FieldPanel("regions"), FieldPanel("data_residency")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("sla_uptime"), FieldPanel("support_hours")]
                    ),
                    FieldPanel("requires", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("provides", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Specifications"),
            ),
            ObjectList(
                [
                    PlanInlinePanel(
                        "plans",
                        heading=_("Plans"),
                        max_num=MAX_PLANS,
                        panels=[
                            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
                            FieldPanel("description"),
                            FieldPanel(
                                "translations",
                                help_text=_(
                                    'Name and description in other languages: {"ja": '
                                    '{"name": "…", "description": "…"}}.'
                                ),
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("billing"),
                                    FieldPanel("unit"),
                                    FieldPanel("currency"),
                                ]
                            ),
                            FieldRowPanel(
                                [FieldPanel("unit_price"), FieldPanel("setup_fee")]
                            ),
                            FieldRowPanel(
                                [FieldPanel("min_quantity"), FieldPanel("max_quantity")]
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("contract_term_months"),
                                    FieldPanel("trial_days"),
                                ]
                            ),
                            FieldPanel("price_breaks"),
                        ],
                    )
                ],
                heading=_("Plans"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "reference_deployments",
                        heading=_("References"),
                        max_num=MAX_REFERENCE_DEPLOYMENTS,
                    ),
                    InlinePanel("images", heading=_("Images")),
                    InlinePanel("documents", heading=_("Documents")),
                ],
                heading=_("References and media"),
            ),
            ObjectList(
                [
                    # Computed from the visible reviews (reviews.services).
                    MultiFieldPanel(
                        [
                            FieldPanel("rating", read_only=True),
                            FieldPanel("rating_count", read_only=True),
                        ],
                        heading=_("Rating, from the visible reviews"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("suspended_at", read_only=True),
                            FieldPanel("suspended_reason", read_only=True),
                        ],
                        heading=_("Suspension"),
                    ),
                ],
                heading=_("Moderation"),
            ),
        ],
        base_form_class=translations_form(Listing, base=ListingAdminForm),
    )


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-1"
    menu_label = _("Categories")
    list_display = ["name", "parent", "sector", "sort_order"]
    list_filter = ["sector", "parent"]
    search_fields = ["name"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("parent"),
                    FieldPanel("sector"),
                    FieldPanel("description"),
                    FieldPanel("sort_order"),
                ],
                heading=_("Category"),
            ),
            translations_tab(Category),
        ],
        base_form_class=translations_form(Category),
    )


class _TermViewSet(SnippetViewSet):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


class ProtocolViewSet(_TermViewSet):
    model = Protocol
    icon = "link"


class CertificationViewSet(_TermViewSet):
    model = Certification
    icon = "success"


class CapabilityViewSet(_TermViewSet):
    model = Capability
    icon = "cogs"
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [FieldPanel("name"), FieldPanel("slug")], heading=_("Capability")
            ),
            translations_tab(Capability),
        ],
        base_form_class=translations_form(Capability),
    )


class CatalogViewSetGroup(SnippetViewSetGroup):
    items = (
        ListingViewSet,
        CategoryViewSet,
        ProtocolViewSet,
        CertificationViewSet,
        CapabilityViewSet,
    )
    menu_icon = "clipboard-list"
    menu_label = _("Catalog")
    menu_name = "catalog"


register_snippet(CatalogViewSetGroup)


@hooks.register("register_admin_urls")
def register_catalog_admin_urls():
    return [
        path(
            "catalog/listings/<int:pk>/suspend/",
            admin_views.listing_suspend,
            name="marketplace_listing_suspend",
        ),
        path(
            "catalog/listings/<int:pk>/reinstate/",
            admin_views.listing_reinstate,
            name="marketplace_listing_reinstate",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def listing_moderation_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Listing) or not can(user, Can.CATALOG_REVIEW):
        return []
    if snippet.suspended_at:
        return [
            ListingButton(
                _("Reinstate"),
                reverse("marketplace_listing_reinstate", args=[snippet.pk]),
                icon_name="undo",
                priority=90,
            )
        ]
    return [
        ListingButton(
            _("Suspend"),
            reverse("marketplace_listing_suspend", args=[snippet.pk]),
            icon_name="warning",
            priority=90,
        )
    ]


@hooks.register("register_admin_viewset")
def register_plan_chooser():
    from marketplace.admin_choosers import plan_chooser_viewset

    return plan_chooser_viewset


@hooks.register("register_admin_viewset")
def register_select_viewsets():
    from marketplace.admin_curation import SelectViewSetGroup

    return SelectViewSetGroup()


@hooks.register("register_admin_viewset")
def register_finance_viewsets():
    from marketplace.admin_finance import FinanceViewSetGroup

    return FinanceViewSetGroup()


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    from marketplace.admin_subscriptions import SubscriptionViewSet

    return SubscriptionViewSet()


@hooks.register("construct_homepage_panels")
def curator_dashboard(request, panels):
    from marketplace.admin_curation import CuratorPanel, ProvisioningPanel

    if can(request.user, Can.CATALOG_CURATE):
        panels.append(CuratorPanel())
    if can(request.user, Can.WEBHOOK_MONITOR):
        panels.append(ProvisioningPanel())
