"""Reviews as rows, for tests about reading them (orders, pages, queues): a buyer
organization of its own for each, and the listing's rating refreshed. Tests about
who may write one go through `reviews.services.review_write`."""

import factory

from accounts.roles import OrganizationKind
from reviews.models import Review
from reviews.services import rating_refresh
from tests.factories.accounts import OrganizationFactory
from tests.factories.catalog import PlanFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    listing = factory.LazyFunction(lambda: PlanFactory().listing)
    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.BUYER)
    stars = 4
    title = factory.Sequence(lambda n: f"Review {n}")
    text = "Alerts came within a minute of a cover being lifted."
    city = "Futian District, Shenzhen"
    scale = "1,200 manhole sensors"
    months_in_use = 14
    show_organization = False
    language = "en"

    @factory.post_generation
    def _rating(obj, create, extracted, **kwargs):
        if create:
            rating_refresh(obj.listing_id)
