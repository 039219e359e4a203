"""`{% load local_time %}`: moments shown with their time zone."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timeuntil
from django.utils.translation import gettext

from config.localtime import format_moment, zone_name

register = template.Library()


def _moment(value) -> datetime | None:
    return value if isinstance(value, datetime) else None


@register.filter
def when(value, format_name: str = "DATETIME_FORMAT") -> SafeString | str:
    """`{{ quote.valid_until|when }}`: a `<time>` element reading "Dec. 10, 2026,
    6 p.m. CST", in the active zone; `|when:"SHORT_DATETIME_FORMAT"` for another
    format. Anything but a datetime shows as itself (an empty value as "")."""
    moment = _moment(value)
    if moment is None:
        return value or ""
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(moment).isoformat(timespec="minutes"),
        format_moment(moment, format_name),
    )


@register.filter
def when_text(value, format_name: str = "DATETIME_FORMAT") -> str:
    """The same words as `when` without markup: for plain-text e-mails."""
    moment = _moment(value)
    return format_moment(moment, format_name) if moment is not None else ""


@register.filter
def countdown(value) -> SafeString | str:
    """`{{ sale.ends_at|countdown }}`: "ends in 3 days (Dec. 10, 2026, 6 p.m.
    CST)"."""
    moment = _moment(value)
    if moment is None:
        return ""
    text = escape(gettext("ends in %(left)s (%(when)s)"))
    return mark_safe(  # noqa: S308 - both parts are escaped
        text % {"left": escape(timeuntil(moment)), "when": when(moment)}
    )


@register.simple_tag
def current_zone() -> str:
    """The active zone's name now ("CST", "UTC"): the zone days are counted in."""
    return zone_name(timezone.now())
