"""API v1 shapes of a vendor's own listings: what a vendor sends, and the latest
version of a listing (draft or live) with its review status, as answered."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace import limits
from marketplace.api.i18n import TranslationsField
from marketplace.api.serializers import (
    CountryCodeField,
    PlanSerializer,
    ReferenceDeploymentSerializer,
    SlugRefField,
    VendorRefSerializer,
)
from marketplace.countries import country_code
from marketplace.models import (
    Capability,
    Category,
    Certification,
    Listing,
    Protocol,
)
from marketplace.models.catalog import (
    BillingPeriod,
    DeploymentModel,
    ListingStatus,
    PriceUnit,
    SupportHours,
    clean_price_breaks,
)
from marketplace.money import Currency
from marketplace.selectors.translations import listing_languages_missing


class PlanInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=80)
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=limits.MAX_PLAN_DESCRIPTION_LENGTH,
    )
    billing = serializers.ChoiceField(choices=BillingPeriod.choices)
    unit = serializers.ChoiceField(choices=PriceUnit.choices)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    unit_price = serializers.IntegerField(
        min_value=0, max_value=limits.MAX_PRICE, help_text="Minor units."
    )
    setup_fee = serializers.IntegerField(
        min_value=0, max_value=limits.MAX_PRICE, required=False
    )
    min_quantity = serializers.IntegerField(
        min_value=1, max_value=limits.MAX_QUANTITY, required=False
    )
    max_quantity = serializers.IntegerField(
        min_value=1, max_value=limits.MAX_QUANTITY, required=False, allow_null=True
    )
    contract_term_months = serializers.IntegerField(
        min_value=0, max_value=limits.MAX_CONTRACT_TERM_MONTHS, required=False
    )
    trial_days = serializers.IntegerField(
        min_value=0, max_value=limits.MAX_TRIAL_DAYS, required=False
    )
    price_breaks = serializers.ListField(
        child=serializers.DictField(), required=False, allow_empty=True
    )
    translations = TranslationsField(
        help_text='Name and description in other languages: {"ja": {"name": "…"}}.'
    )

    def validate(self, attrs):
        maximum = attrs.get("max_quantity")
        if maximum is not None and maximum < attrs.get("min_quantity", 1):
            raise serializers.ValidationError(
                {"max_quantity": "The maximum is below the minimum quantity."}
            )
        try:
            attrs["price_breaks"] = clean_price_breaks(
                attrs.get("price_breaks", []), unit_price=attrs["unit_price"]
            )
        except Exception as error:  # django ValidationError
            raise serializers.ValidationError(
                {"price_breaks": getattr(error, "messages", [str(error)])}
            ) from error
        return attrs


class ReferenceInputSerializer(serializers.Serializer):
    city = serializers.CharField(max_length=120)
    country = CountryCodeField()
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    scale = serializers.CharField(max_length=160)
    translations = TranslationsField(
        help_text='City and scale in other languages: {"zh-hans": {"scale": "…"}}.'
    )


class VendorPlanSerializer(PlanSerializer):
    """A plan as its vendor wrote it: the originals and every translation."""

    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    translations = TranslationsField(read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [
            field for field in PlanSerializer.Meta.fields if field != "languages"
        ] + ["translations"]


class VendorReferenceSerializer(ReferenceDeploymentSerializer):
    city = serializers.CharField(read_only=True)
    scale = serializers.CharField(read_only=True)
    translations = TranslationsField(read_only=True)


class VendorListingSerializer(serializers.ModelSerializer):
    """What a vendor sends for a listing: a new draft, or an edit of its latest
    version (relations by slug, regions as country codes, plans matched by code)."""

    category = SlugRefField(
        slug_field="slug", queryset=Category.objects.filter(parent__isnull=False)
    )
    protocols = SlugRefField(
        slug_field="slug", many=True, queryset=Protocol.objects.all(), required=False
    )
    certifications = SlugRefField(
        slug_field="slug",
        many=True,
        queryset=Certification.objects.all(),
        required=False,
    )
    requires = SlugRefField(
        slug_field="slug", many=True, queryset=Capability.objects.all(), required=False
    )
    provides = SlugRefField(
        slug_field="slug", many=True, queryset=Capability.objects.all(), required=False
    )
    regions = serializers.ListField(child=CountryCodeField(), required=False)
    data_residency = CountryCodeField(required=False, allow_blank=True)
    deployment_model = serializers.ChoiceField(
        choices=DeploymentModel.choices, required=False, allow_blank=True
    )
    support_hours = serializers.ChoiceField(
        choices=SupportHours.choices, required=False, allow_blank=True
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=limits.MAX_TAG_LENGTH),
        required=False,
        max_length=limits.MAX_TAGS,
    )
    plans = PlanInputSerializer(many=True, required=False, max_length=limits.MAX_PLANS)
    reference_deployments = ReferenceInputSerializer(
        many=True, required=False, max_length=limits.MAX_REFERENCE_DEPLOYMENTS
    )
    language = serializers.ChoiceField(
        choices=["en", "zh-hans", "ja"],
        required=False,
        help_text="The language the fields are written in. Changing it makes that "
        "language's translation the original.",
    )
    translations = TranslationsField(
        help_text="Title, summary and description in the other languages: "
        '{"zh-hans": {"title": "…", "summary": "…"}, "ja": {…}}. Languages given '
        "replace their translations; languages left out stay as they are."
    )
    title_local = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=120,
        help_text="The Simplified Chinese title (first version's field; "
        '`translations: {"zh-hans": {"title": …}}` replaces it).',
    )

    class Meta:
        model = Listing
        fields = [
            "slug",
            "title",
            "title_local",
            "language",
            "translations",
            "summary",
            "description",
            "category",
            "tags",
            "deployment_model",
            "protocols",
            "certifications",
            "regions",
            "data_residency",
            "sla_uptime",
            "support_hours",
            "requires",
            "provides",
            "reference_deployments",
            "plans",
        ]
        extra_kwargs = {"slug": {"required": False}}


class VendorListingReadSerializer(serializers.ModelSerializer):
    """What the vendor endpoints answer: a listing's latest version (the draft the
    view passes) and the review status of the listing itself (in the context's
    `statuses`, by listing id)."""

    status = serializers.SerializerMethodField()
    vendor = VendorRefSerializer()
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # A draft may not say these yet: "" until it does.
    deployment_model = serializers.ChoiceField(
        choices=DeploymentModel.choices, allow_blank=True, read_only=True
    )
    support_hours = serializers.ChoiceField(
        choices=SupportHours.choices, allow_blank=True, read_only=True
    )
    protocols = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    certifications = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    requires = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    provides = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    missing_for_review = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField()
    data_residency = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    plans = VendorPlanSerializer(source="plans.all", many=True)
    reference_deployments = VendorReferenceSerializer(
        source="reference_deployments.all", many=True
    )
    translations = TranslationsField(read_only=True)
    languages_missing = serializers.SerializerMethodField(
        help_text="The languages in which a field lacks its translation."
    )

    class Meta:
        model = Listing
        fields = [
            "id",
            "slug",
            "status",
            "vendor",
            "title",
            "language",
            "translations",
            "languages_missing",
            "summary",
            "description",
            "category",
            "deployment_model",
            "protocols",
            "certifications",
            "sla_uptime",
            "support_hours",
            "requires",
            "provides",
            "missing_for_review",
            "regions",
            "data_residency",
            "tags",
            "plans",
            "reference_deployments",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ListingStatus.choices))
    def get_status(self, listing: Listing) -> str:
        return self.context.get("statuses", {}).get(listing.pk, listing.status)

    def get_missing_for_review(self, listing: Listing) -> list[str]:
        return listing.missing_for_review()

    def get_languages_missing(self, listing: Listing) -> list[str]:
        return listing_languages_missing(listing)

    def get_regions(self, listing: Listing) -> list[str]:
        return [country_code(country) for country in listing.regions]

    def get_data_residency(self, listing: Listing) -> str:
        return country_code(listing.data_residency)

    def get_tags(self, listing: Listing) -> list[str]:
        return sorted(tag.name for tag in listing.tags.all())


class SubmitResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
