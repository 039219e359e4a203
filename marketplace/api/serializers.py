"""API v1 shapes of the catalog, and money. Paths and shapes change only
additively."""

from __future__ import annotations

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_attribute

from marketplace.api.i18n import LanguagesField, TranslatedCharField
from marketplace.countries import country_code
from marketplace.models import Category, Listing, Plan
from marketplace.money import Money
from marketplace.services.pricing import first_year_cost, from_plan, list_price_from


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


class SlugRefField(serializers.SlugRelatedField):
    """A relation by slug that refuses, as not found, what no slug can be (a NUL
    character, which PostgreSQL will not even compare) before it asks the
    database."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


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


class CategoryKindSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = TranslatedCharField()
    description = TranslatedCharField()
    languages = LanguagesField(fields=("name", "description"))
    children = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.JSONField(),
            max_length=0,
            help_text="Always empty: kinds of solution have no sub-kinds.",
        )
    )
    def get_children(self, category: Category) -> list:
        return []


class CategoryTreeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = TranslatedCharField()
    description = TranslatedCharField()
    languages = LanguagesField(fields=("name", "description"))
    sector = serializers.CharField()
    children = CategoryKindSerializer(source="children.all", many=True)


class VendorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="organization.slug")
    name = serializers.CharField(source="organization.name")


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = TranslatedCharField()


class HighlightSerializer(serializers.Serializer):
    """The matched words of a search wrapped in `<mark>` (the rest escaped)."""

    title = serializers.ListField(child=serializers.CharField(), required=False)
    summary = serializers.ListField(child=serializers.CharField(), required=False)


RatingDistributionSerializer = type(
    "RatingDistributionSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "How many visible reviews gave each number of stars.",
        **{str(stars): serializers.IntegerField() for stars in range(1, 6)},
    },
)


class PriceBasisSerializer(serializers.Serializer):
    plan = serializers.CharField(help_text="The code of the plan `price_from` is of.")
    unit = serializers.CharField(
        help_text="What one unit is: device, site, user, flat."
    )
    billing = serializers.CharField(help_text="monthly, annual or one_time.")
    min_quantity = serializers.IntegerField()
    first_year_cost = MoneySerializer(
        help_text="What the plan costs in its first year at its minimum quantity, "
        "list prices and setup fee included: what price sorts and the price facet "
        "compare."
    )


def price_basis(plan: Plan) -> dict:
    return {
        "plan": plan.code,
        "unit": plan.unit,
        "billing": plan.billing,
        "min_quantity": plan.min_quantity,
        "first_year_cost": Money(first_year_cost(plan), plan.currency).as_dict(),
    }


class ListingSummarySerializer(serializers.ModelSerializer):
    """A listing in a list of results."""

    vendor = VendorRefSerializer()
    category = CategoryRefSerializer()
    curated = serializers.SerializerMethodField()
    price_from = serializers.SerializerMethodField(
        help_text="One unit's list price at the minimum quantity of the plan with "
        "the lowest first-year cost (`price_basis`), as the listing's pages word it: "
        "from this price per unit per period."
    )
    price_basis = serializers.SerializerMethodField()
    rating = serializers.DecimalField(
        max_digits=2,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="The average stars of the visible reviews; null without any.",
    )
    rating_distribution = serializers.SerializerMethodField()
    highlight = HighlightSerializer(read_only=True, allow_null=True, default=None)
    title = TranslatedCharField()
    title_local = serializers.SerializerMethodField(
        help_text="The Simplified Chinese name, when there is one (kept for "
        "clients of the first version; `title` with `?lang=zh-hans` replaces it)."
    )
    summary = TranslatedCharField()
    language = serializers.CharField(
        read_only=True, help_text="The language the vendor wrote the listing in."
    )
    languages = LanguagesField(fields=("title", "summary"))

    class Meta:
        model = Listing
        fields = [
            "id",
            "slug",
            "title",
            "title_local",
            "summary",
            "language",
            "languages",
            "vendor",
            "category",
            "curated",
            "price_from",
            "price_basis",
            "rating",
            "rating_count",
            "rating_distribution",
            "highlight",
        ]

    def get_curated(self, listing: Listing) -> bool:
        return listing.curated

    def get_title_local(self, listing: Listing) -> str:
        title = listing.translated("title", "zh-hans")
        return (
            title if title.lang == "zh-hans" and listing.language != "zh-hans" else ""
        )

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_price_from(self, listing: Listing) -> dict | None:
        plan = from_plan(listing.plans.all())
        if plan is None:
            return None
        return list_price_from(plan).as_dict()

    @extend_schema_field(PriceBasisSerializer(allow_null=True))
    def get_price_basis(self, listing: Listing) -> dict | None:
        plan = from_plan(listing.plans.all())
        return price_basis(plan) if plan is not None else None

    @extend_schema_field(RatingDistributionSerializer)
    def get_rating_distribution(self, listing: Listing) -> dict[str, int]:
        counts = listing.rating_distribution or {}
        return {str(stars): int(counts.get(str(stars), 0)) for stars in range(1, 6)}


class PriceBreakSerializer(serializers.Serializer):
    min_quantity = serializers.IntegerField()
    unit_price = MoneySerializer()


class SaleSerializer(serializers.Serializer):
    percent_off = serializers.IntegerField()
    price = MoneySerializer(help_text="One unit's price during the sale.")
    ends_at = serializers.DateTimeField()


class EndorsementSerializer(serializers.Serializer):
    criteria = serializers.SerializerMethodField()
    rationale = TranslatedCharField()
    endorsed_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()

    def get_criteria(self, endorsement) -> list[str]:
        return [criterion.name_i18n for criterion in endorsement.criteria.all()]


class PlanSerializer(serializers.ModelSerializer):
    unit_price = serializers.SerializerMethodField()
    setup_fee = serializers.SerializerMethodField()
    price_breaks = serializers.SerializerMethodField()
    sale = serializers.SerializerMethodField()
    name = TranslatedCharField()
    description = TranslatedCharField()
    languages = LanguagesField(fields=("name", "description"))

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "name",
            "description",
            "languages",
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
    city = TranslatedCharField()
    country = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    scale = TranslatedCharField()

    def get_country(self, reference) -> str:
        return country_code(reference.country)


class ListingDetailSerializer(ListingSummarySerializer):
    """A listing with everything a buyer compares, and its plans."""

    description = TranslatedCharField()
    languages = LanguagesField(fields=("title", "summary", "description"))
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
