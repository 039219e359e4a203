"""What the search engines store about a listing: one flat document per published
listing, built the same way for every engine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from html import unescape
from pathlib import Path

from django.conf import settings

from marketplace.countries import country_code
from marketplace.models import Listing

from .backends.base import PRICE_RANGES, RATING_STEPS

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html: str) -> str:
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html or ""))).strip()


@dataclass(frozen=True)
class ListingDocument:
    listing_id: int
    slug: str
    title: str
    title_local: str
    summary: str
    body: str
    tags: tuple[str, ...]
    vendor: str
    vendor_name: str
    category: str
    section: str
    category_name: str
    deployment: str
    protocols: tuple[str, ...]
    certifications: tuple[str, ...]
    regions: tuple[str, ...]
    billing: tuple[str, ...]
    price_from: int | None
    curated: bool
    rating: float | None
    rating_count: int
    reference_count: int
    published_at: datetime | None

    def facet_values(self) -> dict[str, tuple[str, ...]]:
        """Every facet value this listing counts under."""
        price: tuple[str, ...] = ()
        if self.price_from is not None:
            price = tuple(
                value
                for value, low, high in PRICE_RANGES
                if self.price_from >= low and (high is None or self.price_from < high)
            )
        rating: tuple[str, ...] = ()
        if self.rating is not None:
            rating = tuple(step for step in RATING_STEPS if self.rating >= int(step))
        return {
            "category": tuple(
                value for value in (self.category, self.section) if value
            ),
            "vendor": (self.vendor,),
            "deployment": (self.deployment,) if self.deployment else (),
            "protocol": self.protocols,
            "certification": self.certifications,
            "region": self.regions,
            "billing": self.billing,
            "price": price,
            "curated": ("true",) if self.curated else ("false",),
            "rating": rating,
        }


def listings_for_index():
    from django.db.models import Prefetch
    from django.utils import timezone

    from marketplace.models import Endorsement

    return (
        Listing.objects.published()
        .select_related("vendor__organization", "category__parent")
        .prefetch_related(
            "plans",
            "protocols",
            "certifications",
            "tags",
            "reference_deployments",
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.active(timezone.now()),
                to_attr="active_endorsements",
            ),
        )
    )


def listing_document(listing: Listing) -> ListingDocument:
    plans = list(listing.plans.all())
    in_default_currency = [
        plan.unit_price for plan in plans if plan.currency == settings.DEFAULT_CURRENCY
    ]
    section = listing.category.parent
    return ListingDocument(
        listing_id=listing.pk,
        slug=listing.slug,
        title=listing.title,
        title_local=listing.title_local,
        summary=listing.summary,
        body=plain_text(listing.description),
        tags=tuple(sorted(tag.name for tag in listing.tags.all())),
        vendor=listing.vendor.organization.slug,
        vendor_name=listing.vendor.organization.name,
        category=listing.category.slug,
        section=section.slug if section else "",
        category_name=listing.category.name,
        deployment=listing.deployment_model,
        protocols=tuple(sorted(item.slug for item in listing.protocols.all())),
        certifications=tuple(
            sorted(item.slug for item in listing.certifications.all())
        ),
        regions=tuple(sorted(country_code(country) for country in listing.regions)),
        billing=tuple(sorted({plan.billing for plan in plans})),
        price_from=min(in_default_currency) if in_default_currency else None,
        curated=listing.curated,
        rating=float(listing.rating) if listing.rating is not None else None,
        rating_count=listing.rating_count,
        reference_count=len(listing.reference_deployments.all()),
        published_at=listing.first_published_at,
    )


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of equivalent words and phrases, lowercased."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms = tuple(
                term.strip().lower() for term in line.split(",") if term.strip()
            )
            if len(terms) > 1:
                groups.append(terms)
    return tuple(groups)


def expand_synonyms(text: str) -> list[str]:
    """The query's alternative phrasings: the query itself, then each synonym group
    it touches, with the matching phrase replaced by its equivalents."""
    lowered = text.lower()
    alternatives = [text]
    for group in synonym_groups():
        for term in group:
            if _contains_term(lowered, term):
                for other in group:
                    if other != term:
                        alternatives.append(_replace_term(lowered, term, other))
                break
    return list(dict.fromkeys(alternatives))


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= char <= "\u9fff" for char in text)


def _contains_term(text: str, term: str) -> bool:
    if _is_cjk(term):
        return term in text
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def _replace_term(text: str, term: str, other: str) -> str:
    if _is_cjk(term):
        return text.replace(term, f" {other} ").strip()
    return re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", other, text).strip()
