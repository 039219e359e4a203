"""Search in the Wagtail admin: what buyers searched for over the last 30 days, by
language (the most frequent queries and those that found nothing, each with a
form to add a synonym), and the curators' synonyms. Every write goes through
`search.synonyms`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import DeleteView, EditView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from accounts.admin_ui import ModelViewSet, ServiceCreateView, ThroughService
from accounts.permissions import can
from accounts.roles import Capability
from search import insights
from search.models import Synonym
from search.synonyms import (
    synonym_add,
    synonym_delete,
    synonym_groups,
    synonym_update,
    terms_split,
)

# Insights -------------------------------------------------------------------------


class SynonymFromQueryForm(forms.Form):
    query = forms.CharField(max_length=insights.MAX_QUERY, widget=forms.HiddenInput)
    means = forms.CharField(
        label=gettext_lazy("Means the same as"),
        max_length=500,
        help_text=gettext_lazy("Words buyers find results with, separated by commas"),
    )


# An example of the form's answer, in each language's own words.
EXAMPLES = {"en": "camera, CCTV", "zh-hans": "摄像头，监控", "ja": "カメラ、防犯カメラ"}


def insights_view(request):
    if not can(request.user, Capability.CATALOG_CURATE):
        raise PermissionDenied
    groups = synonym_groups()

    def meaning(query: str) -> list[str]:
        """What a query now means besides itself (its synonyms), if anything."""
        group = next((group for group in groups if query in group), ())
        return [term for term in group if term != query]

    languages = [
        {
            "code": code,
            "name": name,
            "example": EXAMPLES.get(code, ""),
            "top": insights.queries_top(code),
            "empty": [
                (row, meaning(row.query)) for row in insights.queries_empty(code)
            ],
        }
        for code, name in settings.LANGUAGES
    ]
    return TemplateResponse(
        request,
        "search/admin/insights.html",
        {"languages": languages, "days": insights.DAYS},
    )


@require_POST
def synonym_from_query(request):
    if not can(request.user, Capability.CATALOG_CURATE):
        raise PermissionDenied
    form = SynonymFromQueryForm(request.POST)
    back = reverse("search_insights:index")
    if not form.is_valid():
        messages.error(request, _("Say which words the query means."))
        return redirect(back)
    query = form.cleaned_data["query"]
    try:
        synonym = synonym_add([query, *terms_split(form.cleaned_data["means"])])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("“%(query)s” now finds what %(terms)s find.")
        % {"query": query, "terms": synonym.terms.split(", ", 1)[-1]},
    )
    return redirect(back)


class CuratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Capability.CATALOG_CURATE)


class InsightsViewSet(ViewSet):
    name = "search_insights"
    url_prefix = "search/insights"
    icon = "search"
    menu_label = gettext_lazy("Search insights")
    menu_item_class = CuratorMenuItem

    def get_urlpatterns(self):
        return [
            path("", insights_view, name="index"),
            path("synonym/", synonym_from_query, name="synonym"),
        ]


# Synonyms -------------------------------------------------------------------------


class SynonymCreateView(ServiceCreateView):
    def save_instance(self):
        return synonym_add(terms_split(self.form.cleaned_data["terms"]))


class SynonymEditView(ThroughService, EditView):
    def save_instance(self):
        return synonym_update(self.object, terms_split(self.form.cleaned_data["terms"]))


class SynonymDeleteView(DeleteView):
    def delete_action(self):
        synonym_delete(self.object)


class SynonymViewSet(ModelViewSet):
    model = Synonym
    name = "search_synonyms"
    url_prefix = "search/synonyms"
    icon = "list-ul"
    menu_label = gettext_lazy("Synonyms")
    form_fields = ["terms"]
    list_display = ["terms", "created_at"]
    search_fields = ["terms"]
    search_backend_name = None
    add_view_class = SynonymCreateView
    edit_view_class = SynonymEditView
    delete_view_class = SynonymDeleteView
    copy_view_enabled = False


class SearchViewSetGroup(ViewSetGroup):
    items = (InsightsViewSet, SynonymViewSet)
    menu_icon = "search"
    menu_label = gettext_lazy("Search")
    menu_name = "search"
    menu_order = 206
