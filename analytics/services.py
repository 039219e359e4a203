"""Writing the statistics: listing views as they are seen, and the rollups kept
current (`rollups_refresh`, every minute) or rebuilt from scratch
(`rollups_rebuild`, the `stats_rebuild` command)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from analytics import counters, rollups
from analytics.models import ListingViewDay, RollupState
from config.robots import is_bot
from marketplace.models import LedgerEntry, Listing

# The refresh looks this far behind its last run, for rows written by transactions
# that were still open when it ran (a payment's `paid_at` is set before its commit).
OVERLAP = timedelta(minutes=10)

Progress = Callable[[int, int], None]


def views_add(listing_id: int, day: date, count: int) -> None:
    """Add `count` views of a listing on a day (the counters' flush, the demo
    loader). The day is recomputed by the next refresh."""
    if count <= 0:
        return
    now = timezone.now()
    updated = ListingViewDay.objects.filter(listing_id=listing_id, day=day).update(
        views=F("views") + count, updated_at=now
    )
    if updated:
        return
    try:
        with transaction.atomic():
            ListingViewDay.objects.create(
                listing_id=listing_id, day=day, views=count, updated_at=now
            )
    except IntegrityError:
        # Another process created the day's row meanwhile.
        ListingViewDay.objects.filter(listing_id=listing_id, day=day).update(
            views=F("views") + count, updated_at=now
        )


def view_record(listing_id: int, user_agent: str) -> bool:
    """A person saw a listing's page: one more view today. Bots are not counted;
    neither is a view while Redis is out of reach (never an error). True when
    counted."""
    if is_bot(user_agent):
        return False
    return counters.count(listing_id, timezone.localdate(), _add_one)


def _add_one(listing_id: int, day: date, count: int) -> None:
    views_add(listing_id=listing_id, day=day, count=count)


def views_flush() -> int:
    """Move the views counted in Redis into the database; answers how many."""
    return counters.drain(_add_counts)


@transaction.atomic
def _add_counts(counts: dict[int, int], day: date) -> None:
    existing = set(
        Listing.objects.filter(pk__in=list(counts)).values_list("pk", flat=True)
    )
    for listing_id, count in sorted(counts.items()):
        # Views of a listing deleted since are dropped.
        if listing_id in existing:
            views_add(listing_id=listing_id, day=day, count=count)


def rollups_refresh() -> int:
    """Flush the view counters, then recompute the rollups of every day whose raw
    rows changed since the last run (all days on the first run). Safe to run twice
    or at once: runs take turns on the state row. Answers the days recomputed."""
    views_flush()
    if not RollupState.objects.filter(refreshed_at__isnull=False).exists():
        return rollups_rebuild()
    with transaction.atomic():
        state = _state_locked()
        started = timezone.now()
        since = (state.refreshed_at or started) - OVERLAP
        days, last_entry = rollups.days_touched(since, state.ledger_entry_id)
        for first, last in rollups.runs(days):
            # A month at most at once, to bound what one recompute holds.
            while first <= last:
                end = min(first + timedelta(days=30), last)
                rollups.days_recompute(first, end)
                first = end + timedelta(days=1)
        state.refreshed_at = started
        state.ledger_entry_id = last_entry
        state.save(update_fields=["refreshed_at", "ledger_entry_id"])
    return len(days)


def rollups_rebuild(progress: Progress | None = None) -> int:
    """Recompute every rollup from the raw rows, a month at a time (`progress`
    is told how many months of how many are done). Answers the days covered."""
    views_flush()
    started = timezone.now()
    last_entry = _last_ledger_entry()
    span = rollups.raw_span()
    with transaction.atomic():
        _state_locked()
        for model in (*rollups.ROLLUPS, *rollups.MONTHLY):
            if span is None:
                model.objects.all().delete()
            else:
                model.objects.exclude(day__gte=span[0], day__lte=span[1]).delete()
    months = _months(span) if span else []
    if progress:
        progress(0, max(len(months), 1))
    for index, (first, last) in enumerate(months, start=1):
        with transaction.atomic():
            _state_locked()
            rollups.days_recompute(first, last)
        if progress:
            progress(index, len(months))
    if progress and not months:
        progress(1, 1)
    with transaction.atomic():
        state = _state_locked()
        state.refreshed_at = started
        state.rebuilt_at = timezone.now()
        state.ledger_entry_id = last_entry
        state.save()
    return (span[1] - span[0]).days + 1 if span else 0


def _state_locked() -> RollupState:
    state = RollupState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        try:
            with transaction.atomic():
                RollupState.objects.create(pk=1)
        except IntegrityError:
            pass
        state = RollupState.objects.select_for_update().get(pk=1)
    return state


def _last_ledger_entry() -> int:
    return LedgerEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _months(span: tuple[date, date]) -> list[tuple[date, date]]:
    first, last = span
    months = []
    start = first
    while start <= last:
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        months.append((start, min(following - timedelta(days=1), last)))
        start = following
    return months
