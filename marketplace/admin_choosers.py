"""Choosers of the Wagtail admin that are not snippets' own: plans, searched by
their listing, vendor, name or code.

A curated collection's line names a listing and one of its plans. The plan chooser
of a line is linked to the listing chooser beside it: once the listing is chosen,
the modal lists that listing's plans only (Wagtail's `linked_fields`, with the
listing's field found next to the plan's own in the StreamField)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from marketplace.models import Endorsement, Plan
from marketplace.money import Money

# In a StreamField, a block's fields are named "<prefix>-value-<field>": the plan
# chooser of a line finds its listing at "<prefix>-value-listing".
LINE_LISTING = {"listing": {"match": r"^.*-value-", "append": "listing"}}


class PlanFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )

    def filter(self, objects: QuerySet[Plan]) -> QuerySet[Plan]:
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(listing__title__icontains=query)
                | Q(listing__slug__icontains=query)
                | Q(listing__vendor__organization__name__icontains=query)
                | Q(name__icontains=query)
                | Q(code__iexact=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


def _price(plan: Plan) -> str:
    return _("%(price)s %(unit)s, %(billing)s") % {
        "price": Money(plan.unit_price, plan.currency),
        "unit": plan.get_unit_display(),
        "billing": plan.get_billing_display().lower(),
    }


class PlanChooseMixin:
    """The plans of published listings; `?listing=<id>` narrows them to one
    listing's, `?select=1` to listings in Select."""

    filter_form_class = PlanFilterForm
    request: object

    def get_object_list(self) -> QuerySet[Plan]:
        plans = Plan.objects.filter(
            listing__live=True, listing__suspended_at__isnull=True
        ).select_related("listing__vendor__organization")
        if self.request.GET.get("select"):  # type: ignore[attr-defined]
            endorsed = Endorsement.objects.active().values("listing_id")
            plans = plans.filter(listing__in=endorsed)
        return plans.order_by("listing__title", "sort_order", "pk")

    def filter_object_list(self, objects: QuerySet[Plan]) -> QuerySet[Plan]:
        listing = self.request.GET.get("listing", "")  # type: ignore[attr-defined]
        if listing and not (listing.isascii() and listing.isdigit()):
            # Our widget sends a listing's id; anything else is a hand-made request.
            raise BadRequest(_("The listing is not an id."))
        return super().filter_object_list(objects)  # type: ignore[misc]

    @property
    def columns(self):
        title = self.title_column  # type: ignore[attr-defined]
        title.label = _("Solution and plan")
        return [
            title,
            Column("code", label=_("Code"), accessor="code"),
            Column("price", label=_("Price"), accessor=_price),
            Column(
                "vendor",
                label=_("Vendor"),
                accessor=lambda plan: plan.listing.vendor.organization.name,
            ),
        ]


class PlanChooseView(PlanChooseMixin, ChooseView):
    pass


class PlanChooseResultsView(PlanChooseMixin, ChooseResultsView):
    pass


class PlanChooserViewSet(ChooserViewSet):
    model = Plan
    icon = "tag"
    choose_one_text = _("Choose a plan")
    choose_another_text = _("Choose another plan")
    edit_item_text = _("Edit the listing")
    choose_view_class = PlanChooseView
    choose_results_view_class = PlanChooseResultsView
    # The listing a line's plan is chosen for, and Select only, survive searching
    # and paging in the modal.
    url_filter_parameters = ["listing"]
    preserve_url_parameters = ["multiple", "listing", "select"]
    per_page = 20
    # Plans are edited on their listing; a plan field is not a chooser by default.
    register_widget = False


plan_chooser_viewset = PlanChooserViewSet("plan_chooser", url_prefix="plan-chooser")


def plan_chooser_widget(**kwargs) -> BaseChooser:
    return plan_chooser_viewset.widget_class(**kwargs)


class SelectPlanChooserWidget(plan_chooser_viewset.widget_class):  # type: ignore[name-defined,misc]
    """A plan chooser whose modal lists the plans of listings in Select."""

    def get_chooser_modal_url(self) -> str:
        return super().get_chooser_modal_url() + "?select=1"
