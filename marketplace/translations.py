"""Catalog content in several languages.

A translatable row keeps its original text in its own fields, in the language it was
written in (a listing's `language`; English for platform content), and every other
language in one JSON field, `translations`: ``{"zh-hans": {"title": "…"}, "ja": …}``.
The JSON field is part of the row, so a listing's translations travel in its Wagtail
revisions and go through the same review as any other change (see
`docs/architecture.md` for why this shape and not a library's).

Reading a field in a language gives that language's text, or the original when there
is none — never an empty field — as a `Text`, which knows its language so that a page
can mark a fallback with a `lang` attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def content_languages() -> tuple[str, ...]:
    """The languages content is written in: the site's languages."""
    return tuple(code for code, _name in settings.LANGUAGES)


def language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


def normalize_language(value: str | None) -> str:
    """One of the content languages for a language tag (`zh-Hans-CN` → `zh-hans`,
    `ja-JP` → `ja`), or "" when none fits."""
    if not value:
        return ""
    value = value.strip().lower().replace("_", "-")
    languages = content_languages()
    if value in languages:
        return value
    if value.startswith("zh") and not any(
        part in value for part in ("hant", "-tw", "-hk", "-mo")
    ):
        return "zh-hans" if "zh-hans" in languages else ""
    base = value.split("-")[0]
    return base if base in languages else ""


def active_language() -> str:
    return normalize_language(translation.get_language()) or settings.LANGUAGE_CODE


class Text(str):
    """Text in a known language."""

    lang: str
    fallback: bool

    def __new__(cls, value: str, lang: str, *, fallback: bool = False) -> Text:
        text = super().__new__(cls, value or "")
        text.lang = lang
        text.fallback = fallback
        return text


class TranslationsField(models.JSONField):
    """The translations of a row's translatable fields, by language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", gettext_lazy("translations"))
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


class Translatable:
    """A model mixin for a row with fields in several languages. Subclasses
    name them in `translated_fields`, keep their texts in a `translations =
    TranslationsField()` of their own, and say which language the originals
    are in through `source_language`. (A plain mixin, not an abstract model,
    so that Wagtail's typed-as-Any bases keep their meaning for the type
    checker.)"""

    translated_fields: tuple[str, ...] = ()
    translations: dict[str, dict[str, str]]

    @property
    def source_language(self) -> str:
        return getattr(self, "language", "") or settings.LANGUAGE_CODE

    def translated(self, field: str, language: str | None = None) -> Text:
        """The field in `language` (the active one by default), or the original."""
        language = normalize_language(language) or active_language()
        source = self.source_language
        original = getattr(self, field) or ""
        if language != source:
            value = (self.translations or {}).get(language, {}).get(field)
            if value:
                return Text(value, language)
        return Text(original, source, fallback=language != source)

    def translation_clean(self, field: str, value: str) -> str:
        """A translation as it is stored (subclasses sanitize rich text)."""
        return value.strip()

    def translation_set(self, language: str, field: str, value: str) -> None:
        """Keep (or with an empty value, drop) the field's text in `language`."""
        value = self.translation_clean(field, value or "")
        if language == self.source_language:
            setattr(self, field, value)
            return
        translations = dict(self.translations or {})
        entry = dict(translations.get(language, {}))
        if value:
            entry[field] = value
        else:
            entry.pop(field, None)
        if entry:
            translations[language] = entry
        else:
            translations.pop(language, None)
        self.translations = translations

    def languages_missing(self) -> list[str]:
        """The content languages in which a field that has an original lacks its
        translation."""
        filled = [field for field in self.translated_fields if getattr(self, field)]
        return [
            language
            for language in content_languages()
            if language != self.source_language
            and any(
                not (self.translations or {}).get(language, {}).get(field)
                for field in filled
            )
        ]


def translations_swap(item: Translatable, old: str, new: str) -> None:
    """The row's originals are now in `new`: its `new` translations become the
    originals, and the originals its `old` translations."""
    translations = {
        language: dict(entry) for language, entry in (item.translations or {}).items()
    }
    incoming = translations.pop(new, {})
    outgoing = {}
    for field in item.translated_fields:
        original = getattr(item, field) or ""
        if field in incoming:
            if original:
                outgoing[field] = original
            setattr(item, field, incoming[field])
    if outgoing:
        translations[old] = {**translations.get(old, {}), **outgoing}
    item.translations = translations


class TranslatedAttribute:
    """`listing.title_i18n`: the field in the active language (a `Text`)."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, instance: Translatable | None, owner: type) -> Any:
        if instance is None:
            return self
        return instance.translated(self.field)


def translations_clean(
    value: Any, *, fields: Mapping[str, int | None], source: str
) -> dict[str, dict[str, str]]:
    """Translations as given by a vendor or an integrator, checked: a mapping of
    content languages (other than the original's) to mappings of the translatable
    fields to text of at most the field's length. Empty texts are dropped."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError(_("Translations are a mapping of languages to fields."))
    cleaned: dict[str, dict[str, str]] = {}
    for raw_language, entry in value.items():
        language = normalize_language(str(raw_language))
        if not language or language != str(raw_language).lower():
            raise ValidationError(
                _("Unknown language %(language)s: use one of %(languages)s.")
                % {
                    "language": str(raw_language)[:20],
                    "languages": ", ".join(content_languages()),
                }
            )
        if language == source:
            raise ValidationError(
                _(
                    "%(language)s is the original's language: change the fields "
                    "themselves."
                )
                % {"language": language}
            )
        if not isinstance(entry, dict):
            raise ValidationError(_("Each language maps fields to text."))
        unknown = set(entry) - set(fields)
        if unknown:
            raise ValidationError(
                _("These fields cannot be translated: %(fields)s")
                % {"fields": ", ".join(sorted(str(name)[:40] for name in unknown))}
            )
        texts: dict[str, str] = {}
        for field, text in entry.items():
            if text is None:
                continue
            if not isinstance(text, str):
                raise ValidationError(_("Translations are text."))
            text = text.strip()
            limit = fields[field]
            if limit is not None and len(text) > limit:
                raise ValidationError(
                    _("%(field)s in %(language)s has at most %(limit)d characters.")
                    % {"field": field, "language": language, "limit": limit}
                )
            if text:
                texts[field] = text
        if texts:
            cleaned[language] = texts
    return cleaned
