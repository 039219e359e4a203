"""What buyers search for: each search of a text is counted per day, interface
language and query (lowercased, spaces collapsed), with how many found nothing.
Who searched is not kept. Curators read the counts in the admin ("Search
insights") and add a synonym for a query that found nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from search.models import QueryCount

DAYS = 30
MAX_QUERY = QueryCount._meta.get_field("query").max_length


def normalized(text: str) -> str:
    return " ".join(text.split()).lower()[:MAX_QUERY]


def query_record(text: str, *, language: str, total: int) -> None:
    """Count one search of `text` that found `total` listings."""
    query = normalized(text)
    if not query:
        return
    key = {"day": timezone.localdate(), "language": language, "query": query}
    empty = int(total == 0)
    found = {"searches": F("searches") + 1, "empty": F("empty") + empty}
    if QueryCount.objects.filter(**key).update(**found):
        return
    try:
        with transaction.atomic():
            QueryCount.objects.create(**key, searches=1, empty=empty)
    except IntegrityError:  # another search of it created the row meanwhile
        QueryCount.objects.filter(**key).update(**found)


@dataclass(frozen=True)
class QueryTotal:
    query: str
    searches: int
    empty: int


def _totals(language: str, days: int):
    since = timezone.localdate() - timedelta(days=days - 1)
    return (
        QueryCount.objects.filter(language=language, day__gte=since)
        .values("query")
        .annotate(total=Sum("searches"), found_nothing=Sum("empty"))
    )


def queries_top(
    language: str, *, days: int = DAYS, limit: int = 20
) -> list[QueryTotal]:
    """The most searched queries in `language` over the last `days` days."""
    rows = _totals(language, days).order_by("-total", "query")[:limit]
    return [QueryTotal(r["query"], r["total"], r["found_nothing"]) for r in rows]


def queries_empty(
    language: str, *, days: int = DAYS, limit: int = 20
) -> list[QueryTotal]:
    """The queries in `language` that found nothing over the last `days` days,
    most searched first."""
    rows = (
        _totals(language, days)
        .filter(Q(found_nothing__gt=0))
        .order_by("-found_nothing", "query")[:limit]
    )
    return [QueryTotal(r["query"], r["total"], r["found_nothing"]) for r in rows]
