"""The curated tier, made through its services (which check what curators would be
told): endorsements of live listings, and sales on the plans of endorsed ones."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from marketplace.models import Endorsement, Promotion
from marketplace.services import curation
from tests.factories.accounts import PlatformMemberFactory
from tests.factories.catalog import PlanFactory, published_listing


class EndorsementFactory(factory.django.DjangoModelFactory):
    """A listing in Select: endorsed by a curator for a year, on the first of the
    usual criteria, through `endorsement_create` (a renewal revokes the one in
    force)."""

    class Meta:
        model = Endorsement

    listing = factory.LazyFunction(published_listing)
    endorsed_by = factory.SubFactory(PlatformMemberFactory)
    criteria = factory.LazyFunction(lambda: curation.criteria_ensure()[:1])
    rationale = "Two county deployments and a clean security review."
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=365))

    @classmethod
    def _create(cls, model_class, *args, endorsed_by, **kwargs):
        return curation.endorsement_create(user=endorsed_by, **kwargs)


def curated_plan():
    """A plan of a listing in Select, as a sale needs."""
    return EndorsementFactory(listing=PlanFactory().listing).listing.plans.get()


class PromotionFactory(factory.django.DjangoModelFactory):
    """A sale running now for two days, 20 % off a plan of a curated listing, made by
    a curator through `promotion_create`. `units_claimed` are units orders took."""

    class Meta:
        model = Promotion

    plan = factory.LazyFunction(curated_plan)
    created_by = factory.SubFactory(PlatformMemberFactory)
    percent_off = 20
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    quantity_cap = None

    @classmethod
    def _create(cls, model_class, *args, created_by, units_claimed=0, **kwargs):
        promotion = curation.promotion_create(user=created_by, **kwargs)
        if units_claimed:
            Promotion.objects.filter(pk=promotion.pk).update(
                units_claimed=F("units_claimed") + units_claimed
            )
            promotion.refresh_from_db()
        return promotion
