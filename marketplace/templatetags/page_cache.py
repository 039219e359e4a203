"""`{% load page_cache %}{% pagecache "name" var … [seconds=N] [when=expr] %}…
{% endpagecache %}`: a fragment of a public page kept in the cache for
`PAGE_CACHE_SECONDS` (or N seconds, if fewer: for what also shows figures that move
without the catalog changing, such as the statistics), under a key made of its name,
the variables given (what else it depends on: the category, the page number …) and
`services.page_cache.fragment_key` (the catalog version, the next sale or endorsement
boundary, the countdowns, the language and time zone). With `when`, only while the
expression is true (`when=user.is_anonymous`: a part that is the same for every
visitor who is not signed in, but not for those who are).

Only what is the same for every visitor goes inside: no form with a CSRF token, no
signed-in user's name or counts (a fragment holding the CSRF token is rendered but
not stored, and logged). A preview (`preview` in the context, or Wagtail's
`request.is_preview`) is always rendered afresh.
"""

from __future__ import annotations

import logging

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.base import FilterExpression, NodeList, Parser, Token

from marketplace.services import page_cache

logger = logging.getLogger(__name__)

register = template.Library()


class PageCacheNode(template.Node):
    def __init__(
        self,
        nodelist: NodeList,
        name: str,
        vary_on: list[FilterExpression],
        seconds: int | None = None,
        when: FilterExpression | None = None,
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.seconds = seconds
        self.when = when

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if (
            not page_cache.enabled()
            or context.get("preview")
            or getattr(request, "is_preview", False)
            or (self.when is not None and not self.when.resolve(context))
        ):
            # A preview shows a version buyers do not see: never stored, never
            # answered from the cache.
            return self.nodelist.render(context)
        try:
            key = page_cache.cache_key(
                request,
                self.name,
                [variable.resolve(context) for variable in self.vary_on],
            )
            value = cache.get(key)
        except Exception:
            logger.exception("page cache unavailable for %s", self.name)
            return self.nodelist.render(context)
        if value is not None:
            return value
        value = self.nodelist.render(context)
        token = str(context.get("csrf_token") or "")
        if token and token in value:
            logger.error("not caching %s: it holds the visitor's CSRF token", self.name)
            return value
        try:
            cache.set(
                key,
                value,
                min(
                    self.seconds or settings.PAGE_CACHE_SECONDS,
                    settings.PAGE_CACHE_SECONDS,
                ),
            )
        except Exception:
            logger.exception("could not store %s in the page cache", self.name)
        return value


@register.tag
def pagecache(parser: Parser, token: Token) -> PageCacheNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a fragment name and what else the fragment varies on."
        )
    name = bits[1].strip("\"'")
    seconds = when = None
    vary_on = []
    for bit in bits[2:]:
        if bit.startswith("seconds="):
            seconds = int(bit.removeprefix("seconds="))
        elif bit.startswith("when="):
            when = parser.compile_filter(bit.removeprefix("when="))
        else:
            vary_on.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endpagecache",))
    parser.delete_first_token()
    return PageCacheNode(nodelist, name, vary_on, seconds, when)
