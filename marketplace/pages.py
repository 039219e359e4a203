"""Wagtail page models: the editorial side of the marketplace."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front door: what Agora is and where to start."""

    hero_title = models.CharField(
        _("headline"),
        max_length=160,
        default=_("Compose your smart city, one proven solution at a time"),
    )
    hero_text = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences under the headline."),
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "marketplace/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from marketplace.selectors import category_tree_with_counts

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = category_tree_with_counts()
        return context
