"""The demo's editorial pages in Chinese and Japanese, translated the way a
curator translates them in the admin with wagtail-localize: the page is submitted
for translation, its strings are filled in (as a PO file, which the translation
editor's upload takes) and the translation is published.

The translated texts are in ``marketplace.demo.curation_text``; each English string
of a page is matched with its translation, rich text paragraph by paragraph.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import extract_strings

from marketplace.demo import curation_text
from marketplace.demo.curation import (
    CASE_STUDY,
    COLLECTIONS,
    SELECT_INTRO,
    demo_curator,
)
from marketplace.pages import CaseStudyPage, CollectionPage, HomePage, SelectPage

LANGUAGES = ("zh-hans", "ja")


def _strings(html: str) -> list[str]:
    """The translatable strings of a rich text, as wagtail-localize segments it."""
    _template, strings = extract_strings(html)
    return [string.data for string, _attrs in strings]


def _pairs(texts: list[tuple[str, str]], rich: list[tuple[str, str]]) -> dict:
    """English → translated, for plain strings and for rich texts (whose
    paragraphs, headings and list items must correspond one to one)."""
    pairs = {english: translated for english, translated in texts if translated}
    for english, translated in rich:
        source, target = _strings(english), _strings(translated)
        if len(source) != len(target):
            raise ValueError(f"{len(source)} strings, {len(target)} translated")
        pairs.update(zip(source, target, strict=True))
    return pairs


def _texts(page: Page, language: str) -> dict[str, str]:
    """What the page's English strings say in `language`."""
    if isinstance(page, HomePage):
        english, home = curation_text.HOME["en"], curation_text.HOME[language]
        return _pairs(
            [(english[field], home[field]) for field in ("hero_title", "hero_text")],
            [(english["body"], home["body"])],
        )
    if isinstance(page, SelectPage):
        select = curation_text.SELECT[language]
        return _pairs(
            [(page.title, select["title"])], [(SELECT_INTRO, select["intro"])]
        )
    if isinstance(page, CollectionPage):
        spec: dict[str, Any] = next(c for c in COLLECTIONS if c["slug"] == page.slug)
        collection = curation_text.COLLECTIONS[language][page.slug]
        notes = [item[3] for item in spec["items"]]
        return _pairs(
            [
                (spec["title"], collection["title"]),
                (spec["intro"], collection["intro"]),
                *zip(notes, collection["notes"], strict=True),
            ],
            [(spec["text"], collection["text"])],
        )
    if isinstance(page, CaseStudyPage):
        story = curation_text.CASE_STUDY[language]
        roles = [role for _slug, role in CASE_STUDY["roles"]]
        return _pairs(
            [
                *((CASE_STUDY[field], story[field]) for field in ("title", "summary")),
                (CASE_STUDY["place"], story["place"]),
                (CASE_STUDY["quote"], story["quote"]),
                *zip(roles, story["roles"], strict=True),
            ],
            [(CASE_STUDY["text"], story["text"])],
        )
    return {}


def translate_page(page: Page, locale: Locale, texts: dict[str, str], user) -> Page:
    """Submit `page` for translation into `locale`, fill in its strings from
    `texts` (English → translated) and publish the translation.

    The translation is saved as a draft and its revision published here, at once:
    wagtail-localize's own publishing waits for the transaction's end, when it
    would write the page's tree fields as they were before its subpages were
    translated (wagtail-localize issue 773)."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, "")
    translation.import_po(po, user=user)
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance()
    # The curator as a new request would load them: Wagtail keeps a user's page
    # permissions on the user object, from before this home page was created.
    publisher = type(user).objects.get(pk=user.pk) if user is not None else None
    target.get_latest_revision().publish(user=publisher)
    return target


def _home_in_english(home: HomePage, user) -> None:
    """The English home page says what its translations say."""
    english = curation_text.HOME["en"]
    if all(getattr(home, field) == text for field, text in english.items()):
        return
    for field, text in english.items():
        setattr(home, field, text)
    home.save_revision(user=user).publish(user=user)


@transaction.atomic
def translate_pages() -> int:
    """Every editorial page in Chinese and Japanese (parents before their
    subpages); pages already translated are left as they are."""
    user = demo_curator()
    original = Locale.get_default()
    home = HomePage.objects.filter(locale=original).first()
    if home is None:
        return 0
    _home_in_english(home, user)
    pages = [home, *home.get_descendants().live().specific().filter(locale=original)]
    done = 0
    for language in LANGUAGES:
        locale = Locale.objects.get(language_code=language)
        for page in pages:
            if page.has_translation(locale):
                continue
            translate_page(page, locale, _texts(page, language), user)
            done += 1
    return done
