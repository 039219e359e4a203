"""Wagtail page models: the editorial side of the marketplace."""

from __future__ import annotations

from functools import cache, partial

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.blocks import StructBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import (
    Locale,
    Orderable,
    Page,
    PageViewRestriction,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from marketplace.blocks import PlanChooserBlock
from marketplace.limits import MAX_QUANTITY


def localized_page(model: type[Page]) -> Page | None:
    """The live page of a one-of-a-kind type (the Select storefront …) in the
    active language, else in the default one; None while there is none."""
    page = model.objects.live().filter(locale=Locale.get_default()).first()
    if page is None:
        page = model.objects.live().first()
    return page.localized if page is not None else None


class RememberedRestrictions:
    """A page served through a route the process remembers
    (`marketplace.middleware.EditorialRoutesMiddleware`) carries whether it or a page
    above it had view restrictions in that catalog version: when none, checking them
    again reads nothing."""

    view_unrestricted = False

    def get_view_restrictions(self):
        if self.view_unrestricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]


class FallbackRoute:
    """A page whose subpages may not all be translated yet. Pages are served in the
    reader's language at the same address in every language: where the translated
    tree has no page at an address, the original's page is served (marked with
    its language) rather than a 404."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)  # type: ignore[misc]
        except Http404:
            original = self.get_translation_or_none(Locale.get_default())  # type: ignore[attr-defined]
            if original is None or original.pk == self.pk:  # type: ignore[attr-defined]
                raise
            return original.specific.route(request, path_components)


class HomePage(FallbackRoute, RememberedRestrictions, Page):
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
        from marketplace.selectors.catalog import category_tree_with_counts

        context = super().get_context(request, *args, **kwargs)
        # Read when the template renders them: not at all while the page cache
        # holds the fragments that show them.
        context["sections"] = cache(category_tree_with_counts)
        context["select_page"] = cache(partial(localized_page, SelectPage))
        return context


TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul"]


class SelectPage(FallbackRoute, RememberedRestrictions, Page):
    """The curated tier's storefront: what Select is, the endorsed solutions by
    category, the sales running now and the curated collections."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What Select is and what an endorsement promises."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["marketplace.CollectionPage", "marketplace.CaseStudyPage"]
    template = "marketplace/select_page.html"

    class Meta:
        verbose_name = _("Select storefront")

    def get_context(self, request, *args, **kwargs):
        from marketplace.selectors.catalog import select_sales, select_sections

        context = super().get_context(request, *args, **kwargs)
        # Read when the template renders them: not at all while the page cache
        # holds the fragments that show them.
        context["sections"] = cache(select_sections)
        context["sales"] = cache(select_sales)
        children = cache(self.children_localized)
        context["collections"] = lambda: [
            page for page in children() if isinstance(page, CollectionPage)
        ]
        context["case_studies"] = lambda: [
            page for page in children() if isinstance(page, CaseStudyPage)
        ]
        return context

    def children_localized(self) -> list[Page]:
        """The original's live subpages, each in the reader's language where
        translated."""
        original = self.get_translation_or_none(Locale.get_default()) or self
        return [page.localized for page in original.get_children().live().specific()]


class PackageItemBlock(blocks.StructBlock):
    """One line of a starter package: a plan of a listing, a quantity, a note."""

    listing = SnippetChooserBlock("marketplace.Listing", label=_("Solution"))
    plan = PlanChooserBlock(
        label=_("Plan"),
        help_text=_("Choose the solution first: the chooser then lists its plans."),
    )
    quantity = blocks.IntegerBlock(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, default=1
    )
    note = blocks.TextBlock(label=_("Note"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Solution in the package")

    def clean(self, value):
        value = super().clean(value)
        listing, plan = value.get("listing"), value.get("plan")
        if listing is not None and plan is not None and plan.listing_id != listing.pk:
            names = ", ".join(p.name for p in listing.plans.all()) or "—"
            raise StructBlockValidationError(
                block_errors={
                    "plan": ValidationError(
                        _(
                            "This plan belongs to another solution; "
                            "%(title)s has the plans %(names)s."
                        )
                        % {"title": listing.title, "names": names}
                    )
                }
            )
        return value


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption and description"), max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")


class CollectionPage(RememberedRestrictions, Page):
    """A starter package curators put together ("Smart parking for one district"):
    solutions with plans and quantities, and why."""

    intro = models.TextField(_("introduction"), help_text=_("Who it is for, in brief."))
    body = StreamField(
        [
            ("item", PackageItemBlock()),
            (
                "text",
                blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES),
            ),
            ("image", CaptionedImageBlock()),
        ],
        verbose_name=_("contents"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["marketplace.SelectPage"]
    subpage_types: list[str] = []
    template = "marketplace/collection_page.html"

    class Meta:
        verbose_name = _("curated collection")

    def lines(self):
        """The package's solutions as they are now: the published listing, its plan,
        the quantity and the price today (sales included). A solution no longer on
        the store is left out."""
        from marketplace.selectors.catalog import listings_published
        from marketplace.services.pricing import line_price

        items = [block.value for block in self.body if block.block_type == "item"]
        ids = [item["listing"].pk for item in items if item.get("listing")]
        listings = listings_published().in_bulk(ids)
        lines = []
        for item in items:
            listing = listings.get(item["listing"].pk) if item.get("listing") else None
            if listing is None:
                continue
            plan = item.get("plan")
            if plan is None or plan.listing_id != listing.pk:
                continue
            lines.append(
                {
                    "listing": listing,
                    "plan": plan,
                    "quantity": item["quantity"],
                    "note": item["note"],
                    "price": line_price(plan, item["quantity"]),
                }
            )
        return lines

    def get_context(self, request, *args, **kwargs):
        from marketplace.services.pricing import totals

        context = super().get_context(request, *args, **kwargs)
        lines = self.lines()
        context["lines"] = lines
        currencies = sorted({line["plan"].currency for line in lines})
        context["totals"] = [
            totals(
                [line["price"] for line in lines if line["plan"].currency == currency],
                currency=currency,
            )
            for currency in currencies
        ]
        return context


class CaseStudyListing(TranslatableMixin, Orderable):
    """A solution the case study names, and what it did there (translated with
    the page)."""

    page = ParentalKey(
        "marketplace.CaseStudyPage", on_delete=models.CASCADE, related_name="solutions"
    )
    listing = models.ForeignKey(
        "marketplace.Listing",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("solution"),
    )
    role = models.CharField(_("what it did there"), max_length=200, blank=True)

    panels = [FieldPanel("listing"), FieldPanel("role")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


class CaseStudyPage(RememberedRestrictions, Page):
    """An editorial story of a deployment (smart manholes in a county …) that names
    the solutions used."""

    summary = models.TextField(_("summary"))
    place = models.CharField(_("place"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    body = StreamField(
        [
            (
                "text",
                blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES),
            ),
            ("image", CaptionedImageBlock()),
            ("quote", blocks.BlockQuoteBlock(label=_("Pull quote"))),
        ],
        verbose_name=_("story"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("place"),
        FieldPanel("year"),
        FieldPanel("body"),
        InlinePanel("solutions", label=_("Solutions used")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["marketplace.SelectPage"]
    subpage_types: list[str] = []
    template = "marketplace/case_study_page.html"

    class Meta:
        verbose_name = _("case study")

    def listings(self):
        from marketplace.selectors.catalog import listings_published

        ids = [item.listing_id for item in self.solutions.all()]
        found = listings_published().in_bulk(ids)
        return [
            (found[item.listing_id], item.role)
            for item in self.solutions.all()
            if item.listing_id in found
        ]
