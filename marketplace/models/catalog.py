"""The catalog: categories, listings (a vendor's solution) and their priced plans.

A listing is a Wagtail snippet with drafts, revisions and a review workflow: vendors
edit drafts, curators approve them, and only the approved version is public. The row
holds the live (approved) version; edits to a live listing wait in its latest revision
until a curator publishes it, while the live version stays as it is.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search import index

from marketplace import limits
from marketplace.money import Currency, Money, default_currency
from marketplace.translations import (
    Translatable,
    TranslatedAttribute,
    TranslationsField,
    language_choices,
)
from vendors.models import Vendor

# Rich text vendors may use in descriptions; everything else is stripped.
DESCRIPTION_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class Sector(models.TextChoices):
    SMART_CITY = "smart_city", _("Smart city")
    ENTERPRISE = "enterprise", _("Enterprise")


class Category(Translatable, models.Model):
    """A two-level tree: sections (public safety, mobility …) and the kinds of
    solution within them (video surveillance, unmanned parking …). Written in
    English by the platform, with translations."""

    translated_fields = ("name", "description")
    translations = TranslationsField()
    name_i18n = TranslatedAttribute("name")
    description_i18n = TranslatedAttribute("description")

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sector = models.CharField(
        _("sector"), max_length=16, choices=Sector.choices, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        name = self.name_i18n
        return f"{self.parent.name_i18n} › {name}" if self.parent else name

    def clean(self) -> None:
        super().clean()
        if self.parent is not None:
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("Categories have two levels at most.")}
                )
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A category cannot hold itself.")})


class _Term(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Protocol(_Term):
    """A communication protocol or interface: NB-IoT, LoRaWAN, ONVIF, SAML 2.0 …"""

    class Meta(_Term.Meta):
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")


class Certification(_Term):
    """A certification or rating: ISO 27001, MLPS Level 3, IP68 …"""

    class Meta(_Term.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class Capability(Translatable, _Term):
    """Something a solution needs or brings (an NB-IoT gateway, single sign-on …);
    packages warn when a required capability is provided by none of their lines.
    Its name is the platform's, in English, translated like a category's."""

    translated_fields = ("name",)
    translations = TranslationsField()
    name_i18n = TranslatedAttribute("name")

    class Meta(_Term.Meta):
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")


class DeploymentModel(models.TextChoices):
    SAAS = "saas", _("SaaS")
    ON_PREMISE = "on_premise", _("On premise")
    HYBRID = "hybrid", _("Hybrid")
    HARDWARE_PLUS_SAAS = "hardware_plus_saas", _("Hardware plus SaaS")


class SupportHours(models.TextChoices):
    BUSINESS_HOURS = "business_hours", _("Business hours")
    EXTENDED = "extended", _("Extended hours")
    ALWAYS = "24x7", _("24 × 7")


class ListingTag(TaggedItemBase):
    content_object = ParentalKey(
        "marketplace.Listing", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    PUBLISHED_WITH_CHANGES = "published_with_changes", _("Published, changes in draft")
    SUSPENDED = "suspended", _("Suspended")


class ListingQuerySet(models.QuerySet):
    def published(self) -> ListingQuerySet:
        """What buyers may see: live and not suspended."""
        return self.filter(live=True, suspended_at__isnull=True)


class Listing(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
    Translatable,
):
    """A vendor's solution, with its plans. The vendor writes it in one language
    (`language`) and may translate it into the others."""

    translated_fields = ("title", "summary", "description")
    translations = TranslationsField()
    title_i18n = TranslatedAttribute("title")
    summary_i18n = TranslatedAttribute("summary")
    description_i18n = TranslatedAttribute("description")

    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("vendor"),
    )
    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(
        _("original language"),
        max_length=8,
        choices=language_choices(),
        default="en",
        help_text=_("The language the vendor wrote the listing in."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=240, blank=True)
    description = RichTextField(
        _("description"),
        blank=True,
        features=DESCRIPTION_FEATURES,
        validators=[MaxLengthValidator(limits.MAX_DESCRIPTION_LENGTH)],
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("category"),
    )
    tags = ClusterTaggableManager(through=ListingTag, blank=True)
    deployment_model = models.CharField(
        _("deployment model"),
        max_length=24,
        choices=DeploymentModel.choices,
        blank=True,
    )
    protocols = ParentalManyToManyField(
        Protocol, blank=True, related_name="listings", verbose_name=_("protocols")
    )
    certifications = ParentalManyToManyField(
        Certification,
        blank=True,
        related_name="listings",
        verbose_name=_("certifications"),
    )
    regions = CountryField(
        _("regions served"),
        multiple=True,
        blank=True,
        help_text=_("Countries and regions where the vendor delivers and supports it."),
    )
    data_residency = CountryField(
        _("data residency"),
        blank=True,
        help_text=_("Where the buyer's data is stored, if the solution stores any."),
    )
    sla_uptime = models.DecimalField(
        _("SLA uptime (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(90), MaxValueValidator(100)],
    )
    support_hours = models.CharField(
        _("support hours"), max_length=16, choices=SupportHours.choices, blank=True
    )
    requires = ParentalManyToManyField(
        Capability,
        blank=True,
        related_name="required_by",
        verbose_name=_("requires"),
    )
    provides = ParentalManyToManyField(
        Capability,
        blank=True,
        related_name="provided_by",
        verbose_name=_("provides"),
    )
    rating = models.DecimalField(
        _("rating"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    # From the visible reviews (`reviews.services.rating_refresh`): how many gave
    # each number of stars, {"1": n, … "5": n}.
    rating_distribution = models.JSONField(
        _("ratings by stars"), default=dict, blank=True, editable=False
    )
    # What ranking by rating uses: the visible reviews' stars averaged with
    # RATING_PRIOR_WEIGHT imagined reviews at the kind's mean, so that a listing
    # without reviews ranks at the mean (`reviews.ratings`). Null
    # while the catalog has no review at all.
    rating_score = models.DecimalField(
        _("rating score"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
    )
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspended_reason = models.TextField(_("reason for suspension"), blank=True)
    suspended_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suspended by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="listing",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="listing",
        for_concrete_model=False,
    )

    objects = ListingQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
        index.FilterField("vendor_id"),
        index.FilterField("category_id"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    # Fields a listing must have before it can be submitted for review; a draft may
    # leave them empty.
    REQUIRED_FOR_REVIEW = (
        "summary",
        "description",
        "deployment_model",
        "regions",
        "support_hours",
    )

    def translation_clean(self, field: str, value: str) -> str:
        if field == "description":
            from marketplace.services.listings import sanitize_description

            return sanitize_description(value)
        return super().translation_clean(field, value)

    def missing_for_review(self) -> list[str]:
        """Names of what this version lacks to be reviewed (empty when complete)."""
        missing = [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED_FOR_REVIEW
            if not getattr(self, name)
        ]
        if not self.plans.all():
            missing.append(str(_("at least one plan")))
        return missing

    @property
    def status(self) -> str:
        """Where the listing is in review, as vendors and curators see it."""
        if self.suspended_at:
            return ListingStatus.SUSPENDED
        state = self.current_workflow_state
        if state is not None:
            if state.status == WorkflowState.STATUS_IN_PROGRESS:
                return ListingStatus.IN_REVIEW
            if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                return ListingStatus.CHANGES_REQUESTED
        if self.live:
            if self.has_unpublished_changes:
                return ListingStatus.PUBLISHED_WITH_CHANGES
            return ListingStatus.PUBLISHED
        return ListingStatus.DRAFT

    @property
    def status_label(self) -> str:
        return str(ListingStatus(self.status).label)

    # Written from the reviews, not by the vendor: a version keeps the live row's
    # values rather than those it was saved with, and publishing reads them anew.
    FROM_REVIEWS = ("rating", "rating_count", "rating_distribution", "rating_score")

    def with_content_json(self, content: dict) -> Listing:
        listing = super().with_content_json(content)
        for name in self.FROM_REVIEWS:
            setattr(listing, name, getattr(self, name))
        return listing

    def publish(self, revision, *args, **kwargs):
        if self.pk is not None:
            live = (
                type(self).objects.filter(pk=self.pk).values(*self.FROM_REVIEWS).first()
            )
            for name, value in (live or {}).items():
                setattr(self, name, value)
        return super().publish(revision, *args, **kwargs)

    @cached_property
    def price_now(self) -> tuple[Money, Plan] | None:
        """The lowest price of one unit now, sales included, and its plan."""
        prices = [(plan.unit_price_now, plan) for plan in self.plans.all()]
        if not prices:
            return None
        return min(prices, key=lambda item: item[0].amount)

    @cached_property
    def endorsement(self):
        """The endorsement in force now, or None. Selectors prefetch it as
        `active_endorsements`."""
        active = getattr(self, "active_endorsements", None)
        if active is None:
            if self.pk is None:
                return None
            active = list(
                self.endorsements.active().prefetch_related("criteria")[:1]  # type: ignore[attr-defined]
            )
        return active[0] if active else None

    @property
    def curated(self) -> bool:
        """In the curated tier (Select) now."""
        return self.endorsement is not None

    @property
    def on_sale(self) -> bool:
        return any(plan.sale is not None for plan in self.plans.all())

    def get_preview_template(self, request, mode_name):
        return "marketplace/listing_detail.html"

    def get_preview_context(self, request, mode_name):
        return {**super().get_preview_context(request, mode_name), "listing": self}


def _listing_language(child) -> str:
    """A plan's or a reference's language: its listing's."""
    try:
        return child.listing.language
    except Listing.DoesNotExist:
        return Listing._meta.get_field("language").default


class BillingPeriod(models.TextChoices):
    ONE_TIME = "one_time", _("One time")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


class PriceUnit(models.TextChoices):
    DEVICE = "device", _("per device")
    SITE = "site", _("per site")
    USER = "user", _("per user")
    FLAT = "flat", _("flat")


class Plan(Translatable, Orderable):
    """A priced offer of a listing. Prices are integers in minor units. Its name and
    description are in the listing's language, with translations."""

    translated_fields = ("name", "description")
    translations = TranslationsField()
    name_i18n = TranslatedAttribute("name")
    description_i18n = TranslatedAttribute("description")

    listing = ParentalKey(Listing, on_delete=models.CASCADE, related_name="plans")
    code = models.SlugField(
        _("code"),
        max_length=32,
        help_text=_("Short and stable, e.g. STD or PRO; used in orders."),
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(
        _("what is included"),
        blank=True,
        validators=[MaxLengthValidator(limits.MAX_PLAN_DESCRIPTION_LENGTH)],
    )
    billing = models.CharField(
        _("billing"), max_length=16, choices=BillingPeriod.choices
    )
    unit = models.CharField(_("unit"), max_length=16, choices=PriceUnit.choices)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=default_currency
    )
    unit_price = models.PositiveBigIntegerField(
        _("unit price (minor units)"),
        help_text=_("In cents or fen: 12500 is 125.00."),
        validators=[MaxValueValidator(limits.MAX_PRICE)],
    )
    setup_fee = models.PositiveBigIntegerField(
        _("setup fee (minor units)"),
        default=0,
        validators=[MaxValueValidator(limits.MAX_PRICE)],
    )
    min_quantity = models.PositiveIntegerField(
        _("minimum quantity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(limits.MAX_QUANTITY)],
    )
    max_quantity = models.PositiveIntegerField(
        _("maximum quantity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(limits.MAX_QUANTITY)],
    )
    contract_term_months = models.PositiveSmallIntegerField(
        _("contract term (months)"),
        default=0,
        help_text=_("0: no fixed term."),
        validators=[MaxValueValidator(limits.MAX_CONTRACT_TERM_MONTHS)],
    )
    trial_days = models.PositiveSmallIntegerField(
        _("trial days"),
        default=0,
        validators=[MaxValueValidator(limits.MAX_TRIAL_DAYS)],
    )
    price_breaks = models.JSONField(
        _("volume price breaks"),
        default=list,
        blank=True,
        help_text=_(
            "From a quantity on, a lower unit price: "
            '[{"min_quantity": 100, "unit_price": 9000}].'
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.listing} — {self.name}"

    @property
    def source_language(self) -> str:
        return _listing_language(self)

    @property
    def unit_price_money(self) -> Money:
        return Money(self.unit_price, self.currency)

    @cached_property
    def sale(self):
        """The sale running on this plan now, or None (see `services.pricing`)."""
        from marketplace.services.pricing import plan_sale

        return plan_sale(self)

    @cached_property
    def unit_price_now(self) -> Money:
        """One unit's price now: the sale price while a sale runs."""
        from marketplace.services.pricing import unit_price_now

        return unit_price_now(self)[0]

    @property
    def setup_fee_money(self) -> Money:
        return Money(self.setup_fee, self.currency)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.max_quantity is not None and self.max_quantity < self.min_quantity:
            errors["max_quantity"] = _("The maximum is below the minimum quantity.")
        try:
            self.price_breaks = clean_price_breaks(
                self.price_breaks, unit_price=self.unit_price
            )
        except ValidationError as error:
            errors["price_breaks"] = " ".join(error.messages)
        if errors:
            raise ValidationError(errors)


def clean_tags(names) -> list[str]:
    """A listing's tags as stored: lower case, each named once, at most
    limits.MAX_TAGS of at most limits.MAX_TAG_LENGTH characters."""
    tags = sorted({name.strip().lower() for name in names if name and name.strip()})
    if len(tags) > limits.MAX_TAGS:
        raise ValidationError(
            _("At most %(count)d tags.") % {"count": limits.MAX_TAGS}, code="max_tags"
        )
    if any(len(tag) > limits.MAX_TAG_LENGTH for tag in tags):
        raise ValidationError(
            _("A tag has at most %(length)d characters.")
            % {"length": limits.MAX_TAG_LENGTH},
            code="max_length",
        )
    return tags


def clean_price_breaks(value, *, unit_price: int | None) -> list[dict[str, int]]:
    """Volume breaks: a list of {min_quantity, unit_price}, quantities rising and
    prices falling below the plan's unit price."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationError(_("Price breaks are a list."))
    if len(value) > limits.MAX_PRICE_BREAKS:
        raise ValidationError(
            _("At most %(count)d price breaks.") % {"count": limits.MAX_PRICE_BREAKS}
        )
    cleaned: list[dict[str, int]] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"min_quantity", "unit_price"}:
            raise ValidationError(
                _("Each price break has a min_quantity and a unit_price, nothing else.")
            )
        quantity, price = item["min_quantity"], item["unit_price"]
        if not isinstance(quantity, int) or not isinstance(price, int):
            raise ValidationError(_("Price break numbers are whole numbers."))
        if quantity < 2 or price < 0:
            raise ValidationError(
                _(
                    "A price break starts at a quantity of 2 or more, at a price of 0 "
                    "or more."
                )
            )
        if quantity > limits.MAX_QUANTITY or price > limits.MAX_PRICE:
            raise ValidationError(
                _(
                    "A price break's quantity is at most %(quantity)s, its price at "
                    "most %(price)s (minor units)."
                )
                % {
                    "quantity": f"{limits.MAX_QUANTITY:,}",
                    "price": f"{limits.MAX_PRICE:,}",
                }
            )
        if cleaned and (
            quantity <= cleaned[-1]["min_quantity"]
            or price >= cleaned[-1]["unit_price"]
        ):
            raise ValidationError(
                _(
                    "Each price break has a larger quantity and a lower price than "
                    "the one before."
                )
            )
        if unit_price is not None and price >= unit_price:
            raise ValidationError(
                _("A price break is lower than the plan's unit price.")
            )
        cleaned.append({"min_quantity": quantity, "unit_price": price})
    return cleaned


class ReferenceDeployment(Translatable, Orderable):
    """Where the solution already runs: evidence buyers weigh."""

    translated_fields = ("city", "scale")
    translations = TranslationsField()
    city_i18n = TranslatedAttribute("city")
    scale_i18n = TranslatedAttribute("scale")

    listing = ParentalKey(
        Listing, on_delete=models.CASCADE, related_name="reference_deployments"
    )
    city = models.CharField(_("city or organization"), max_length=120)
    country = CountryField(_("country or region"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    scale = models.CharField(
        _("scale"),
        max_length=160,
        help_text=_("e.g. “1,200 cameras across 3 districts”."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("reference deployment")
        verbose_name_plural = _("reference deployments")

    @property
    def source_language(self) -> str:
        return _listing_language(self)

    def __str__(self) -> str:
        return f"{self.city} ({self.year})"


class ListingImage(Orderable):
    listing = ParentalKey(Listing, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class ListingDocumentKind(models.TextChoices):
    DATASHEET = "datasheet", _("Datasheet")
    CERTIFICATE = "certificate", _("Certificate")
    WHITE_PAPER = "white_paper", _("White paper")
    MANUAL = "manual", _("Manual")
    CASE_STUDY = "case_study", _("Case study")
    OTHER = "other", _("Other document")


class ListingDocument(Orderable):
    """A PDF a vendor attaches to its listing; buyers download it from the
    listing's page (`views.catalog.listing_document`)."""

    listing = ParentalKey(Listing, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("e.g. “Datasheet”, “Security white paper”."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=ListingDocumentKind.choices,
        default=ListingDocumentKind.DATASHEET,
    )

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
