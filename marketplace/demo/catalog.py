"""Load the demo catalog: categories, reference data, vendors and their listings.

Safe to run again: what exists (by slug) is left as it is, what is missing is added.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organization
from accounts.roles import OrganizationKind
from accounts.services import organization_create
from marketplace.demo import catalog_data as data
from marketplace.demo import catalog_i18n
from marketplace.demo.images import Illustrations
from marketplace.demo.listing_documents import catalog_documents_add
from marketplace.models import (
    Capability,
    Category,
    Certification,
    Listing,
    Plan,
    Protocol,
    ReferenceDeployment,
)
from marketplace.services.listings import listing_review_workflow, sanitize_description
from vendors.models import Vendor, VerificationStatus

Progress = Callable[[int, int], None]


def _reference_data() -> dict[str, dict]:
    categories: dict[str, Category] = {}
    for order, section in enumerate(data.CATEGORIES):
        parent, _created = Category.objects.get_or_create(
            slug=section["slug"],
            defaults={
                "name": section["name"],
                "description": section["description"],
                "sector": section["sector"],
                "sort_order": order,
            },
        )
        _translate_category(parent)
        categories[parent.slug] = parent
        for child_order, child in enumerate(section["children"]):
            category, _created = Category.objects.get_or_create(
                slug=child["slug"],
                defaults={
                    "name": child["name"],
                    "description": child["description"],
                    "parent": parent,
                    "sort_order": child_order,
                },
            )
            _translate_category(category)
            categories[category.slug] = category

    def terms(model, names) -> dict:
        found = {}
        for name in names:
            term, _created = model.objects.get_or_create(
                slug=slugify(name), defaults={"name": name}
            )
            found[name] = term
        return found

    capabilities = {}
    for slug, name in data.CAPABILITIES.items():
        capabilities[slug], _created = Capability.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
        if not capabilities[slug].translations:
            capabilities[slug].translations = catalog_i18n.capability_translations(slug)
            capabilities[slug].save(update_fields=["translations"])
    return {
        "categories": categories,
        "protocols": terms(Protocol, data.PROTOCOLS),
        "certifications": terms(Certification, data.CERTIFICATIONS),
        "capabilities": capabilities,
    }


def _translate_category(category: Category) -> None:
    """The platform's Chinese and Japanese names, where it has none yet."""
    if not category.translations:
        category.translations = catalog_i18n.category_translations(category.slug)
        category.save(update_fields=["translations"])


def _vendors() -> dict[str, Vendor]:
    vendors = {}
    for spec in data.VENDORS:
        organization = Organization.objects.filter(slug=spec["slug"]).first()
        if organization is None:
            organization = organization_create(
                name=spec["name"],
                slug=spec["slug"],
                kind=OrganizationKind.VENDOR,
                region=spec["country"],
            )
        vendor = Vendor.objects.filter(organization=organization).first()
        if vendor is None:
            vendor = Vendor.objects.create(
                organization=organization,
                legal_name=spec["legal_name"],
                registration_number=spec["registration_number"],
                contact_email=spec["contact_email"],
                website=spec["website"],
                regions_served=spec["regions"],
                status=VerificationStatus.VERIFIED,
                verified_at=timezone.now(),
            )
        vendors[spec["slug"]] = vendor
    return vendors


def _listing(
    spec: dict,
    vendor: Vendor,
    ref: dict[str, dict],
    languages: tuple[str, ...],
    illustrations: Illustrations,
) -> Listing:
    translated = {
        language: catalog_i18n.translate_listing(spec, language)
        for language in languages
    }
    listing = Listing(
        vendor=vendor,
        slug=spec["slug"],
        title=spec["title"],
        language="en",
        translations={
            language: {
                **texts["listing"],
                "description": sanitize_description(texts["listing"]["description"]),
            }
            for language, texts in translated.items()
        },
        summary=spec["summary"],
        description=sanitize_description(spec["description"]),
        category=ref["categories"][spec["category"]],
        deployment_model=spec["deployment"],
        regions=spec["regions"],
        data_residency=spec["data_residency"],
        sla_uptime=Decimal(spec["sla_uptime"]),
        support_hours=spec["support_hours"],
        live=False,
    )
    listing.protocols.set([ref["protocols"][name] for name in spec["protocols"]])
    listing.certifications.set(
        [ref["certifications"][name] for name in spec["certifications"]]
    )
    listing.requires.set([ref["capabilities"][slug] for slug in spec["requires"]])
    listing.provides.set([ref["capabilities"][slug] for slug in spec["provides"]])
    listing.tags.set(spec["tags"])
    listing.plans = [
        Plan(
            sort_order=order,
            code=plan["code"],
            name=plan["name"],
            billing=plan["billing"],
            unit=plan["unit"],
            currency=data.CURRENCY,
            unit_price=plan["unit_price"],
            setup_fee=plan["setup_fee"],
            min_quantity=plan["min_quantity"],
            max_quantity=plan["max_quantity"],
            contract_term_months=plan["contract_term_months"],
            trial_days=plan["trial_days"],
            price_breaks=plan["price_breaks"],
            translations={
                language: texts["plans"][order]
                for language, texts in translated.items()
            },
        )
        for order, plan in enumerate(spec["plans"])
    ]
    listing.reference_deployments = [
        ReferenceDeployment(
            sort_order=order,
            city=reference["city"],
            country=reference["country"],
            year=reference["year"],
            scale=reference["scale"],
            translations={
                language: texts["references"][order]
                for language, texts in translated.items()
            },
        )
        for order, reference in enumerate(spec["references"])
    ]
    listing.images = illustrations.listing_images(listing.category, vendor)
    # After the images: the media service keeps those the listing has.
    catalog_documents_add(listing)
    return listing


def seed_catalog(progress: Progress | None = None) -> dict[str, int]:
    """Add what is missing of the demo catalog; returns counts of what was added."""
    workflow = listing_review_workflow()
    with transaction.atomic():
        ref = _reference_data()
        vendors = _vendors()
    specs = data.build_catalog()
    languages = catalog_i18n.catalog_languages(specs)
    existing = set(
        Listing.objects.filter(slug__in=[spec["slug"] for spec in specs]).values_list(
            "slug", flat=True
        )
    )
    added = {"published": 0, "in_review": 0, "draft": 0}
    illustrations = Illustrations()
    for done, spec in enumerate(specs, start=1):
        if spec["slug"] not in existing:
            with transaction.atomic():
                listing = _listing(
                    spec,
                    vendors[spec["vendor"]],
                    ref,
                    languages[spec["slug"]],
                    illustrations,
                )
                listing.save()
                revision = listing.save_revision(clean=False)
                if spec["status"] == "published":
                    revision.publish()
                elif spec["status"] == "in_review":
                    workflow.start(listing, None)
            added[spec["status"]] += 1
        if progress:
            progress(done, len(specs))
    return added
