"""What API v1 reads and answers of reviews: input serializers for what a caller
sends, output serializers the responses (and the schema) are made of."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.countries import country_code
from reviews.models import STARS, Review, ReviewReport
from reviews.services import Draft

# Input ---------------------------------------------------------------------------


class DeploymentSerializer(serializers.Serializer):
    city = serializers.CharField(
        max_length=120, help_text="The city or district where it runs."
    )
    scale = serializers.CharField(
        max_length=120, help_text="What was deployed, e.g. “1,200 manhole sensors”."
    )
    months_in_use = serializers.IntegerField(min_value=0, max_value=600)


class ReviewWriteSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=min(STARS), max_value=max(STARS))
    title = serializers.CharField(max_length=120)
    text = serializers.CharField(max_length=4000)
    deployment = DeploymentSerializer()
    show_organization = serializers.BooleanField(
        default=False,
        help_text="Show the organization's name with the review; its kind and "
        "region are shown always.",
    )


def draft_from(data: dict, review: Review | None = None) -> Draft:
    """A service draft from validated input; what a partial update leaves out
    keeps the review's value."""
    deployment = data.get("deployment", {})

    def value(name: str, given: dict = data):
        if name in given:
            return given[name]
        return getattr(review, name)

    return Draft(
        stars=value("stars"),
        title=value("title"),
        text=value("text"),
        city=value("city", deployment),
        scale=value("scale", deployment),
        months_in_use=value("months_in_use", deployment),
        show_organization=value("show_organization"),
    )


class ReplyWriteSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=4000, help_text="The vendor's one public reply."
    )


class ReportWriteSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, help_text="What is wrong with the review; curators read it."
    )


# Output --------------------------------------------------------------------------


class DeploymentOutSerializer(serializers.Serializer):
    city = serializers.CharField()
    scale = serializers.CharField()
    months_in_use = serializers.IntegerField()


class ReviewerSerializer(serializers.Serializer):
    """The reviewing organization, of a review."""

    buyer_type = serializers.CharField(
        source="organization.buyer_type",
        help_text="municipal or enterprise (empty if not given).",
    )
    region = serializers.SerializerMethodField(
        help_text="Country code (ISO 3166-1 alpha-2), or empty."
    )
    name = serializers.SerializerMethodField(
        help_text="Only when the organization agreed to be named."
    )

    def get_region(self, review: Review) -> str:
        return country_code(review.organization.region)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_name(self, review: Review) -> str | None:
        return review.organization.name if review.show_organization else None


class ReplyOutSerializer(serializers.Serializer):
    text = serializers.CharField(source="reply")
    replied_at = serializers.DateTimeField()


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    listing = serializers.SlugField(source="listing.slug")
    stars = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    language = serializers.CharField(help_text="The language it was written in.")
    deployment = serializers.SerializerMethodField()
    verified_purchase = serializers.BooleanField(
        help_text="The organization has a delivered subscription to the listing."
    )
    organization = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    reply = serializers.SerializerMethodField()
    helpful_count = serializers.IntegerField(help_text="Readers who found it helpful.")
    hidden = serializers.SerializerMethodField(
        help_text="Hidden by the curators: only its own organization still sees it."
    )

    def get_url(self, review: Review) -> str:
        path = reverse("api:review", args=[review.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(DeploymentOutSerializer)
    def get_deployment(self, review: Review) -> dict:
        return DeploymentOutSerializer(review).data

    @extend_schema_field(ReviewerSerializer)
    def get_organization(self, review: Review) -> dict:
        return ReviewerSerializer(review).data

    @extend_schema_field(ReplyOutSerializer(allow_null=True))
    def get_reply(self, review: Review) -> dict | None:
        if review.replied_at is None:
            return None
        return ReplyOutSerializer(review).data

    def get_hidden(self, review: Review) -> bool:
        return review.hidden_at is not None


class ReportSerializer(serializers.ModelSerializer):
    review = serializers.IntegerField(source="review_id")

    class Meta:
        model = ReviewReport
        fields = ["review", "reason", "created_at"]


class HelpfulSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    helpful_count = serializers.IntegerField()
    voted = serializers.BooleanField(help_text="Whether you found it helpful.")
