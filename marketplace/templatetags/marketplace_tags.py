from django import template

from marketplace.money import Money

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
def country_names(countries) -> str:
    return ", ".join(country.name for country in countries)


@register.simple_tag
def select_page_url() -> str:
    """The address of the Select storefront, or "" while there is none."""
    from marketplace.pages import SelectPage

    page = SelectPage.objects.live().first()
    return page.url if page else ""


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dictionary's value in a template."""
    return mapping.get(key) if mapping else None
