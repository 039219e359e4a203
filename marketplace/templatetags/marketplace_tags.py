from dataclasses import dataclass

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from marketplace import navigation
from marketplace.money import Money
from marketplace.services.pricing import (
    ChargedPrice,
    LinePrice,
    charged_quote_line,
    charged_unit_price,
)
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


@register.filter
def unbroken(value) -> SafeString:
    """`{{ amount|money:plan.currency|unbroken }}`: an amount that never breaks
    between the currency and the figure, even inside a translated sentence."""
    return format_html('<span class="text-no-wrap">{}</span>', value)


@register.filter
def charged(price: LinePrice, plan) -> ChargedPrice:
    """`{% with charged=item.price|charged:plan %}`: a priced line as shown, its
    unit price charged, the list price and why they differ."""
    return charged_unit_price(price, plan)


@register.filter
def charged_line(line, currency: str) -> ChargedPrice:
    """`{% with charged=line|charged_line:quote.currency %}` for a quote line."""
    return charged_quote_line(line, currency)


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
    return navigation.select_page_url()


@dataclass(frozen=True)
class Picture:
    image: object
    alt: str
    is_logo: bool


def listing_image_alt(listing, caption: str = "") -> str:
    """A listing image's text for people who cannot see it: its caption, else
    "<title> by <vendor>"."""
    return caption or _("%(title)s by %(vendor)s") % {
        "title": listing.title_i18n,
        "vendor": listing.vendor.organization.name,
    }


@register.simple_tag
def listing_picture(listing) -> Picture | None:
    """`{% listing_picture listing as picture %}`: what a card shows of a listing,
    its first image, else its vendor's logo; None when it has neither. Reads the
    prefetched images (`selectors.catalog.listings_published`)."""
    images = listing.images.all()
    if images:
        item = images[0]
        return Picture(item.image, listing_image_alt(listing, item.caption), False)
    logo = listing.vendor.logo
    if logo is not None:
        alt = _("Logo of %(vendor)s") % {"vendor": listing.vendor.organization.name}
        return Picture(logo, alt, True)
    return None


@register.simple_tag
def image_alt(listing, item) -> str:
    """`{% image_alt listing item as alt %}` for one of a listing's images."""
    return listing_image_alt(listing, item.caption)


@register.filter
def starts_with(text, prefix) -> bool:
    """`{% if request.path|starts_with:url %}`: a page under `url`."""
    return bool(prefix) and str(text).startswith(str(prefix))


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
