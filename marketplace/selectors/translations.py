"""Which translations a listing has, and which it lacks."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.models import Listing
from marketplace.translations import content_languages, language_names


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    name: str
    original: bool
    # Names of what is left to translate, e.g. "summary", "plan STD".
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.original or not self.missing


def listing_translation_status(listing: Listing) -> list[LanguageStatus]:
    """Per content language: the original's, or what is still to translate (the
    listing's fields, each plan and each reference that has text)."""
    statuses = []
    names = language_names()
    children = [
        *(
            (_("plan %(code)s") % {"code": plan.code}, plan)
            for plan in listing.plans.all()
        ),
        *(
            (_("reference %(number)d") % {"number": index}, reference)
            for index, reference in enumerate(
                listing.reference_deployments.all(), start=1
            )
        ),
    ]
    for language in content_languages():
        if language == listing.language:
            statuses.append(LanguageStatus(language, names[language], True, ()))
            continue
        missing = [
            field
            for field in listing.translated_fields
            if getattr(listing, field)
            and not (listing.translations or {}).get(language, {}).get(field)
        ]
        missing += [
            label for label, child in children if language in child.languages_missing()
        ]
        statuses.append(
            LanguageStatus(language, names[language], False, tuple(missing))
        )
    return statuses


def listing_languages_missing(listing: Listing) -> list[str]:
    return [
        status.language
        for status in listing_translation_status(listing)
        if not status.complete
    ]
