from django import template

register = template.Library()


@register.inclusion_tag("reviews/includes/listing_reviews.html", takes_context=True)
def listing_reviews(context, listing):
    """The listing's reviews section."""
    return {"listing": listing, "request": context.get("request")}
