"""API v1 shapes of the catalog. Paths and shapes change only additively."""

from __future__ import annotations

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_attribute

from marketplace.countries import country_code
from marketplace.models import (
    Capability,
    Category,
    Certification,
    Listing,
    Plan,
    Protocol,
)
from marketplace.models.catalog import (
    BillingPeriod,
    DeploymentModel,
    PriceUnit,
    SupportHours,
    clean_price_breaks,
)
from marketplace.money import Currency, Money


class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 code, e.g. CN."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if code and code not in dict(countries):
            raise serializers.ValidationError(f"“{code}” is not a country code.")
        return code


class MoneySerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text="Minor units (cents, fen).")
    currency = serializers.CharField(help_text="ISO 4217 code.")


def money(value: Money | None) -> dict | None:
    return value.as_dict() if value is not None else None


@extend_schema_field(MoneySerializer)
class MoneyField(serializers.Field):
    """An amount in minor units, answered as `{amount, currency}`. The currency is
    the attribute `currency` names on the object serialized (a dotted path), or,
    without one, the `currency` of the serializer's context."""

    def __init__(self, *, currency: str | None = "currency", **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.currency_attrs = currency.split(".") if currency else None

    def get_attribute(self, instance) -> Money | None:
        amount = super().get_attribute(instance)
        if amount is None:
            return None
        if self.currency_attrs is None:
            return Money(amount, self.context["currency"])
        return Money(amount, get_attribute(instance, self.currency_attrs))

    def to_representation(self, value: Money) -> dict:
        return value.as_dict()


class CategoryTreeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    sector = serializers.CharField()
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, category: Category) -> list[dict]:
        return [
            {
                "slug": child.slug,
                "name": child.name,
                "description": child.description,
                "children": [],
            }
            for child in category.children.all()
        ]


class VendorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="organization.slug")
    name = serializers.CharField(source="organization.name")


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ListingSummarySerializer(serializers.ModelSerializer):
    """A listing in a list of results."""

    vendor = VendorRefSerializer()
    category = CategoryRefSerializer()
    curated = serializers.SerializerMethodField()
    price_from = serializers.SerializerMethodField()
    rating = serializers.DecimalField(
        max_digits=2, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    highlight = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "slug",
            "title",
            "title_local",
            "summary",
            "vendor",
            "category",
            "curated",
            "price_from",
            "rating",
            "rating_count",
            "highlight",
        ]

    def get_curated(self, listing: Listing) -> bool:
        return listing.curated

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_price_from(self, listing: Listing) -> dict | None:
        return money(listing.price_from)

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_highlight(self, listing: Listing) -> dict | None:
        return getattr(listing, "highlight", None)


class PriceBreakSerializer(serializers.Serializer):
    min_quantity = serializers.IntegerField()
    unit_price = MoneySerializer()


class SaleSerializer(serializers.Serializer):
    percent_off = serializers.IntegerField()
    price = MoneySerializer(help_text="One unit's price during the sale.")
    ends_at = serializers.DateTimeField()


class EndorsementSerializer(serializers.Serializer):
    criteria = serializers.SerializerMethodField()
    rationale = serializers.CharField()
    endorsed_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()

    def get_criteria(self, endorsement) -> list[str]:
        return [criterion.name for criterion in endorsement.criteria.all()]


class PlanSerializer(serializers.ModelSerializer):
    unit_price = serializers.SerializerMethodField()
    setup_fee = serializers.SerializerMethodField()
    price_breaks = serializers.SerializerMethodField()
    sale = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "name",
            "description",
            "billing",
            "unit",
            "unit_price",
            "setup_fee",
            "min_quantity",
            "max_quantity",
            "contract_term_months",
            "trial_days",
            "price_breaks",
            "sale",
        ]

    @extend_schema_field(MoneySerializer())
    def get_unit_price(self, plan: Plan) -> dict:
        return plan.unit_price_money.as_dict()

    @extend_schema_field(MoneySerializer())
    def get_setup_fee(self, plan: Plan) -> dict:
        return plan.setup_fee_money.as_dict()

    @extend_schema_field(SaleSerializer(allow_null=True))
    def get_sale(self, plan: Plan) -> dict | None:
        """While a sale runs: its discount, one unit's price and its end."""
        sale = plan.sale
        if sale is None:
            return None
        return {
            "percent_off": sale.percent_off,
            "price": plan.unit_price_now.as_dict(),
            "ends_at": serializers.DateTimeField().to_representation(sale.ends_at),
        }

    @extend_schema_field(PriceBreakSerializer(many=True))
    def get_price_breaks(self, plan: Plan) -> list[dict]:
        return [
            {
                "min_quantity": item["min_quantity"],
                "unit_price": Money(item["unit_price"], plan.currency).as_dict(),
            }
            for item in plan.price_breaks
        ]


class ReferenceDeploymentSerializer(serializers.Serializer):
    city = serializers.CharField()
    country = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    scale = serializers.CharField()

    def get_country(self, reference) -> str:
        return country_code(reference.country)


class ListingDetailSerializer(ListingSummarySerializer):
    """A listing with everything a buyer compares, and its plans."""

    description = serializers.CharField()
    tags = serializers.SerializerMethodField()
    protocols = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    certifications = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    requires = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    provides = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    regions = serializers.SerializerMethodField()
    data_residency = serializers.SerializerMethodField()
    sla_uptime = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=True, allow_null=True
    )
    reference_deployments = ReferenceDeploymentSerializer(many=True)
    plans = PlanSerializer(many=True)
    endorsement = EndorsementSerializer(allow_null=True, read_only=True)

    class Meta(ListingSummarySerializer.Meta):
        fields = [
            *ListingSummarySerializer.Meta.fields,
            "description",
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
            "endorsement",
        ]

    def get_tags(self, listing: Listing) -> list[str]:
        return sorted(tag.name for tag in listing.tags.all())

    def get_regions(self, listing: Listing) -> list[str]:
        return [country_code(country) for country in listing.regions]

    def get_data_residency(self, listing: Listing) -> str:
        return country_code(listing.data_residency)


# Vendor input -------------------------------------------------------------------


class PlanInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=80)
    description = serializers.CharField(required=False, allow_blank=True)
    billing = serializers.ChoiceField(choices=BillingPeriod.choices)
    unit = serializers.ChoiceField(choices=PriceUnit.choices)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    unit_price = serializers.IntegerField(min_value=0)
    setup_fee = serializers.IntegerField(min_value=0, required=False)
    min_quantity = serializers.IntegerField(min_value=1, required=False)
    max_quantity = serializers.IntegerField(
        min_value=1, required=False, allow_null=True
    )
    contract_term_months = serializers.IntegerField(
        min_value=0, max_value=120, required=False
    )
    trial_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    price_breaks = serializers.ListField(
        child=serializers.DictField(), required=False, allow_empty=True
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


class VendorListingSerializer(serializers.ModelSerializer):
    """A vendor's own listing: its latest version (draft or live) and review status."""

    vendor = VendorRefSerializer(read_only=True)
    status = serializers.SerializerMethodField()
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.filter(parent__isnull=False)
    )
    protocols = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Protocol.objects.all(), required=False
    )
    certifications = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Certification.objects.all(),
        required=False,
    )
    requires = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Capability.objects.all(), required=False
    )
    provides = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Capability.objects.all(), required=False
    )
    # These are written as given and read back in to_representation.
    regions = serializers.ListField(
        child=CountryCodeField(), required=False, write_only=True
    )
    data_residency = CountryCodeField(required=False, allow_blank=True, write_only=True)
    deployment_model = serializers.ChoiceField(
        choices=DeploymentModel.choices, required=False, allow_blank=True
    )
    support_hours = serializers.ChoiceField(
        choices=SupportHours.choices, required=False, allow_blank=True
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, write_only=True
    )
    plans = PlanInputSerializer(many=True, required=False, write_only=True)
    reference_deployments = ReferenceInputSerializer(
        many=True, required=False, write_only=True
    )
    missing_for_review = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "slug",
            "status",
            "vendor",
            "title",
            "title_local",
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
            "missing_for_review",
        ]
        read_only_fields = ["id", "status", "vendor"]
        extra_kwargs = {"slug": {"required": False}}

    def get_status(self, listing: Listing) -> str:
        # The version shown is the latest draft; its review status belongs to the
        # listing itself, which the view passes along.
        return self.context.get("statuses", {}).get(listing.pk, listing.status)

    def get_missing_for_review(self, listing: Listing) -> list[str]:
        return listing.missing_for_review()

    def to_representation(self, listing: Listing) -> dict:
        data = super().to_representation(listing)
        data["regions"] = [country_code(country) for country in listing.regions]
        data["data_residency"] = country_code(listing.data_residency)
        data["tags"] = sorted(tag.name for tag in listing.tags.all())
        data["plans"] = PlanSerializer(listing.plans.all(), many=True).data
        data["reference_deployments"] = ReferenceDeploymentSerializer(
            listing.reference_deployments.all(), many=True
        ).data
        return data


class VendorListingReadSerializer(serializers.Serializer):
    """What the vendor endpoints answer: the latest version and its review status."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    status = serializers.ChoiceField(
        choices=[
            "draft",
            "in_review",
            "changes_requested",
            "published",
            "published_with_changes",
            "suspended",
        ]
    )
    vendor = VendorRefSerializer()
    title = serializers.CharField()
    title_local = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    category = serializers.SlugField()
    tags = serializers.ListField(child=serializers.CharField())
    deployment_model = serializers.CharField()
    protocols = serializers.ListField(child=serializers.SlugField())
    certifications = serializers.ListField(child=serializers.SlugField())
    regions = serializers.ListField(child=serializers.CharField())
    data_residency = serializers.CharField()
    sla_uptime = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True
    )
    support_hours = serializers.CharField()
    requires = serializers.ListField(child=serializers.SlugField())
    provides = serializers.ListField(child=serializers.SlugField())
    reference_deployments = ReferenceDeploymentSerializer(many=True)
    plans = PlanSerializer(many=True)
    endorsement = EndorsementSerializer(allow_null=True, read_only=True)
    missing_for_review = serializers.ListField(child=serializers.CharField())
