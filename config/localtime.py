"""Moments as people read them: in the active time zone (settings.TIME_ZONE unless
a request activates another), in the language's date and time format, and always
with the zone's name, so "18:00" is never read in the wrong zone."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone


def zone_name(moment: datetime) -> str:
    """The abbreviation of the active zone at that moment ("CST", "UTC"), or its
    offset from UTC ("UTC+08") where the zone has no abbreviation."""
    local = timezone.localtime(moment)
    name = local.tzname() or ""
    if not name or name[0] in "+-":
        offset = local.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        sign = "-" if minutes < 0 else "+"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")
    return name


def format_moment(moment: datetime, format_name: str = "DATETIME_FORMAT") -> str:
    """ "Dec. 10, 2026, 6 p.m. CST": the moment in the active zone, formatted for
    the active language, with the zone's name."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, format_name)} {zone_name(moment)}"
