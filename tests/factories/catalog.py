import itertools

import factory

from accounts.roles import OrganizationKind, Role
from marketplace.models import Category, Listing, Plan
from tests.factories.accounts import MembershipFactory, OrganizationFactory
from vendors.models import Vendor, VerificationStatus


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.VENDOR)
    legal_name = factory.LazyAttribute(lambda o: f"{o.organization.name} Co., Ltd.")
    registration_number = factory.Sequence(lambda n: f"REG{n:08d}")
    contact_email = factory.Sequence(lambda n: f"sales{n}@vendor.example")
    regions_served = ["CN", "SG"]
    status = VerificationStatus.VERIFIED


def vendor_member(vendor: Vendor, role: str = Role.PUBLISHER):
    return MembershipFactory(organization=vendor.organization, role=role).user


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Utilities"
    slug = "utilities"
    sector = "smart_city"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    parent = factory.SubFactory(SectionFactory)
    name = "Smart manholes"
    slug = "smart-manholes"


def complete_listing_data(category: Category, **overrides) -> dict:
    """Everything a listing needs to pass review, as the services take it."""
    data = {
        "title": "Manhole Guard NB-IoT",
        "translations": {"zh-hans": {"title": "智慧井盖监测系统"}},
        "category": category,
        "summary": "Tilt, water-level and gas sensors for manhole covers.",
        "description": "<p>Five-year battery, IP68.</p>",
        "deployment_model": "hardware_plus_saas",
        "regions": ["CN", "SG"],
        "support_hours": "24x7",
        "sla_uptime": "99.90",
        "plans": [
            {
                "code": "SENSOR",
                "name": "Sensor",
                "billing": "one_time",
                "unit": "device",
                "unit_price": 68000,
                "min_quantity": 10,
                "max_quantity": 5000,
                "price_breaks": [{"min_quantity": 500, "unit_price": 61000}],
            },
            {
                "code": "PLATFORM",
                "name": "Monitoring platform",
                "billing": "monthly",
                "unit": "device",
                "unit_price": 1200,
            },
        ],
    }
    data.update(overrides)
    return data


_numbers = itertools.count(1)


def published_listing(
    vendor: Vendor | None = None, *, plans: list[Plan] | None = None, **fields
) -> Listing:
    """A listing that went through review and is live, with `plans` (unsaved, e.g.
    `PlanFactory.build(...)`) or one standard plan at 680.00 a device."""
    vendor = vendor or VendorFactory()
    category = fields.pop("category", None) or CategoryFactory()
    listing = Listing(
        vendor=vendor,
        category=category,
        title=fields.pop("title", "Manhole Guard NB-IoT"),
        slug=fields.pop("slug", None) or f"listing-{next(_numbers)}",
        summary=fields.pop("summary", "Sensors for manhole covers."),
        description=fields.pop("description", "<p>Five-year battery.</p>"),
        deployment_model=fields.pop("deployment_model", "hardware_plus_saas"),
        regions=fields.pop("regions", ["CN"]),
        support_hours="24x7",
        live=False,
        **fields,
    )
    listing.plans = plans or [
        Plan(
            code="STD",
            name="Standard",
            billing="one_time",
            unit="device",
            unit_price=68000,
        )
    ]
    listing.save()
    listing.save_revision().publish()
    listing.refresh_from_db()
    return listing


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan on the store. Plans are part of their listing's revision: without
    `listing`, the plan is the only one of a new published listing; with it, the plan
    is added to that listing, published again (as a reviewed edit would)."""

    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"PLAN{n}")
    name = "Standard"
    billing = "one_time"
    unit = "device"
    unit_price = 68000

    @classmethod
    def _create(cls, model_class, *args, listing: Listing | None = None, **kwargs):
        plan = model_class(*args, **kwargs)
        if listing is None:
            listing = published_listing(plans=[plan])
        else:
            listing.plans = [*listing.plans.all(), plan]
            listing.save_revision().publish()
        return Plan.objects.get(listing=listing, code=plan.code)


class ImageFactory(factory.django.DjangoModelFactory):
    """A Wagtail image: a 640 x 400 PNG unless `file__width` and `file__height`
    say otherwise."""

    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=640, height=400, format="PNG")
