from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from marketplace.money import Money
from marketplace.translations import active_language

register = template.Library()


@register.filter
def money(value, currency: str = "") -> str:
    """`{{ plan.unit_price_money|money }}`, or `{{ amount|money:plan.currency }}`."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Money):
        value = Money(int(value), currency)
    return str(value)


def list_separator() -> str:
    """What separates the items of a list in the active language (、in Chinese
    and Japanese)."""
    return pgettext("between the items of a list", ", ")


@register.filter
def country_names(countries) -> str:
    return list_separator().join(country.name for country in countries)


@register.filter
def as_list(items) -> str:
    """The items (protocols, missing fields …) as a list in the active language."""
    return list_separator().join(str(item) for item in items)


@register.filter
def names_in_lang(items) -> SafeString:
    """The items' names (`name_i18n`) as a list in the page's language; an
    untranslated name is marked with its `lang`."""
    return format_html_join(
        list_separator(), "{}", ((in_lang(item.name_i18n),) for item in items)
    )


@register.simple_tag
def select_page_url() -> str:
    """The address of the Select storefront, or "" while there is none."""
    from marketplace.pages import SelectPage, localized_page

    page = localized_page(SelectPage)
    return page.url if page else ""


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dictionary's value in a template."""
    return mapping.get(key) if mapping else None


@register.filter
def in_lang(value):
    """Text in a language other than the page's (an untranslated original) is
    marked with its `lang`, so that screen readers switch voice."""
    lang = getattr(value, "lang", "")
    if not lang or lang == active_language():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', lang, value)


@register.filter
def lang_attr(value):
    """` lang="…"` for an element holding text (or an editorial page's text) in
    another language than the page's, else nothing."""
    locale = getattr(value, "locale", None)
    lang = locale.language_code if locale is not None else getattr(value, "lang", "")
    if not lang or lang == active_language():
        return ""
    return format_html(' lang="{}"', lang)
