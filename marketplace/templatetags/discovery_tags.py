from django import template

register = template.Library()


@register.inclusion_tag(
    "marketplace/includes/listing_discovery.html", takes_context=True
)
def listing_discovery(context, listing):
    """“Often combined with” and “similar solutions from other vendors”."""
    return {"listing": listing, "request": context.get("request")}
