"""What the search engines store about a listing: one flat document per published
listing, built the same way for every engine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import unescape

from django.conf import settings

from marketplace.countries import country_code
from marketplace.models import Listing
from marketplace.services.pricing import cheapest_plan, first_year_cost
from marketplace.translations import content_languages

from .backends.base import PRICE_RANGES, RATING_STEPS
from .cjk import CJK_RUN, cjk_tokens, has_cjk
from .synonyms import Groups, synonym_groups

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html: str) -> str:
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html or ""))).strip()


@dataclass(frozen=True)
class ListingDocument:
    listing_id: int
    slug: str
    # In English: the original or its English translation (else the original).
    title: str
    summary: str
    body: str
    # Titles in the other languages, and every Chinese and Japanese text as
    # bigrams (see `search.cjk`): the names (titles, kind and section), and the
    # rest (summaries, descriptions).
    names: tuple[str, ...]
    cjk_name: str
    cjk_summary: str
    cjk_body: str
    # Title and summary in each language (the original where there is no
    # translation), for showing and highlighting hits.
    i18n: dict[str, dict[str, str]]
    # Each language's own text (no original in its place): title, summary, body
    # (plain text) and category name; for engines with a field per language.
    texts: dict[str, dict[str, str]]
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
    # What the price sort and the price facet compare, in minor units of the
    # default currency: the lowest first-year cost of its plans at their minimum
    # quantity (`marketplace.services.pricing.first_year_cost`).
    price_from: int | None
    curated: bool
    # The displayed rating (the average of the visible reviews) and its count, for
    # the rating facet; and the Bayesian score ranking by rating uses
    # (`reviews.ratings`).
    rating: float | None
    rating_count: int
    rating_score: float | None
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
    languages = content_languages()
    texts = {
        language: {
            field: listing.translated(field, language)
            for field in ("title", "summary", "description")
        }
        for language in languages
    }
    kinds = [listing.category, listing.category.parent]
    category_names = [
        kind.translated("name", language)
        for kind in kinds
        if kind is not None
        for language in languages
    ]
    names = tuple(
        dict.fromkeys(
            texts[language]["title"]
            for language in languages
            if texts[language]["title"] != listing.translated("title", "en")
        )
    )
    every = {
        field: sorted({str(texts[language][field]) for language in languages})
        for field in ("title", "summary", "description")
    }
    cheapest = cheapest_plan(plans, settings.DEFAULT_CURRENCY)
    section = listing.category.parent
    return ListingDocument(
        listing_id=listing.pk,
        slug=listing.slug,
        title=texts["en"]["title"],
        summary=texts["en"]["summary"],
        body=plain_text(texts["en"]["description"]),
        names=names,
        cjk_name=cjk_tokens(" ".join([*every["title"], *category_names])),
        cjk_summary=cjk_tokens(" ".join(every["summary"])),
        cjk_body=cjk_tokens(
            " ".join(plain_text(text) for text in every["description"])
        ),
        texts={
            language: {
                "title": _own(texts[language]["title"], language),
                "summary": _own(texts[language]["summary"], language),
                "body": plain_text(_own(texts[language]["description"], language)),
                "category": " ".join(
                    _own(kind.translated("name", language), language)
                    for kind in kinds
                    if kind is not None
                ),
            }
            for language in languages
        },
        i18n={
            language: {
                field: value
                for name in ("title", "summary")
                for field, value in (
                    (name, str(texts[language][name])),
                    (f"{name}_lang", texts[language][name].lang),
                )
            }
            for language in languages
        },
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
        price_from=first_year_cost(cheapest) if cheapest else None,
        curated=listing.curated,
        rating=float(listing.rating) if listing.rating is not None else None,
        rating_count=listing.rating_count,
        rating_score=(
            float(listing.rating_score) if listing.rating_score is not None else None
        ),
        reference_count=len(listing.reference_deployments.all()),
        published_at=listing.first_published_at,
    )


def _own(text, language: str) -> str:
    """The text if it is in `language`, else nothing."""
    return str(text) if text.lang == language else ""


def query_slots(text: str) -> list[tuple[str, ...]]:
    """The query as the parts a match needs, each with its equivalent phrasings:
    a phrase of a synonym group stands for its whole group, every other word (or
    Chinese or Japanese run) for itself. "flood sensors" → [(flood, flooding, 内涝,
    浸水 …), (sensor, sensors, 传感器, センサー …)]: a listing matches when it has
    one phrasing of every part."""
    return list(_slots(text.lower(), synonym_groups()))


@lru_cache(maxsize=2048)
def _slots(lowered: str, groups: Groups) -> tuple[tuple[str, ...], ...]:
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for group in groups:
        for term in group:
            for start in _term_starts(lowered, term):
                found.append((start, start + len(term), group))
    # The longest phrases win where they overlap (停车场 over 停车).
    found.sort(key=lambda item: (item[0] - item[1], item[0]))
    taken: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, group in found:
        if all(end <= other[0] or start >= other[1] for other in taken):
            taken.append((start, end, group))
    slots: list[tuple[str, ...]] = []
    position = 0
    for start, end, group in sorted(taken):
        slots.extend((word,) for word in _words(lowered[position:start]))
        if group not in slots:
            slots.append(group)
        position = end
    slots.extend((word,) for word in _words(lowered[position:]))
    return tuple(dict.fromkeys(slots))


def expand_synonyms(text: str) -> list[str]:
    """Every phrase the query stands for (for marking matches)."""
    return list(dict.fromkeys(phrase for slot in query_slots(text) for phrase in slot))


_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    """Words and Chinese or Japanese runs."""
    words: list[str] = []
    for word in _WORDS.findall(text):
        words.extend(part for part in re.split(f"({CJK_RUN.pattern})", word) if part)
    return words


def _term_starts(text: str, term: str) -> list[int]:
    if has_cjk(term):
        return [found.start() for found in re.finditer(re.escape(term), text)]
    pattern = rf"(?<!\w){re.escape(term)}(?!\w)"
    return [found.start() for found in re.finditer(pattern, text)]
