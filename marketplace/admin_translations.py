"""Translations in the Wagtail admin: one form field per translated field and
language, kept in the row's `translations`, and a panel per language.

The fields of the row's own language are left out of the form: those are the
originals, edited in the other tabs.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList

from marketplace.translations import content_languages, language_names


def field_name(field: str, language: str) -> str:
    return f"{field}__{language.replace('-', '_')}"


def _form_field(model, field: str, language: str) -> forms.Field:
    db_field = model._meta.get_field(field)
    max_length = getattr(db_field, "max_length", None)
    long = max_length is None or max_length > 200
    return forms.CharField(
        label=f"{db_field.verbose_name} ({language_names()[language]})",
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4 if long else 1}) if long else None,
    )


class TranslationsFormMixin:
    """For a WagtailAdminModelForm of a `Translatable` model."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[misc]
        instance = self.instance  # type: ignore[attr-defined]
        source = instance.source_language
        translations = instance.translations or {}
        for language in content_languages():
            for field in instance.translated_fields:
                name = field_name(field, language)
                if name not in self.fields:  # type: ignore[attr-defined]
                    continue
                if language == source:
                    del self.fields[name]  # type: ignore[attr-defined]
                else:
                    self.fields[name].initial = translations.get(  # type: ignore[attr-defined]
                        language, {}
                    ).get(field, "")

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        instance = self.instance  # type: ignore[attr-defined]
        for language in content_languages():
            for field in instance.translated_fields:
                name = field_name(field, language)
                if name in self.fields:  # type: ignore[attr-defined]
                    value = (cleaned.get(name) or "").strip()
                    instance.translation_set(language, field, value)
        return cleaned


def translations_form(model, base=WagtailAdminModelForm):
    """A form class for `model` with a field per translated field and language."""
    attrs = {
        field_name(field, language): _form_field(model, field, language)
        for language in content_languages()
        for field in model.translated_fields
    }
    return type(
        f"{model.__name__}TranslationsForm",
        (TranslationsFormMixin, base),
        attrs,
    )


def translations_panels(model) -> list:
    """A panel per language with that language's fields."""
    return [
        MultiFieldPanel(
            [
                FieldPanel(field_name(field, language))
                for field in model.translated_fields
            ],
            heading=name,
        )
        for language, name in language_names().items()
    ]


def translations_tab(model) -> ObjectList:
    return ObjectList(translations_panels(model), heading=_("Translations"))
