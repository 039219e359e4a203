"""Content in the language an API client asks for.

The language comes from `?lang=` or `Accept-Language` (see
`config.middleware.ApiLanguageMiddleware`); each translated field answers that
language's text, or the original, and `languages` says which language each field is
in.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.translations import content_languages


class TranslatedCharField(serializers.CharField):
    """A translatable field, read in the request's language (or the original)."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance.translated(self.source)


@extend_schema_field(
    serializers.DictField(
        child=serializers.ChoiceField(choices=["en", "zh-hans", "ja"]),
        help_text="The language of each translated field: the one asked for, or "
        "the original's when there is no translation.",
    )
)
class LanguagesField(serializers.Field):
    """`{"title": "ja", "summary": "en"}` for the fields named."""

    def __init__(self, *, fields: tuple[str, ...], **kwargs) -> None:
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)
        self.fields = fields

    def to_representation(self, instance) -> dict[str, str]:
        return {field: instance.translated(field).lang for field in self.fields}


@extend_schema_field(
    serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text='Every translation, by language: {"ja": {"title": "…"}}. The '
        "original's language is not in it: its text is in the fields themselves.",
    )
)
class TranslationsField(serializers.JSONField):
    """Every translation of a row, for those who write them (vendors)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {
            language: dict(entry)
            for language, entry in (value or {}).items()
            if language in content_languages()
        }
