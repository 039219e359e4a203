"""Fragments of the public pages kept in the cache, under keys that change with
everything they show, so that no visitor sees a stale price, sale or listing.

A fragment's key (`fragment_key`) holds:

- the **catalog version**: a token stored in the cache and replaced
  (`catalog_changed`) whenever anything a public page shows of the catalog changes —
  a listing published, unpublished, suspended or edited, a plan, price, sale,
  endorsement, category, vendor or rating, a search index write, an editorial page
  published, unpublished, moved or deleted, a view restriction. Tokens are never
  reused, so a token evicted from the cache only costs a new rendering;
- the **next moment the schedule changes**: the next start or end of a sale or an
  endorsement (read once per catalog version). When it passes, the key changes, so
  a sale starting or ending shows at once;
- the **countdowns** of the sales running now, as a page words them ("ends in 3
  hours, 12 minutes"), so a countdown is never behind;
- the active language and time zone;
- the **release** running (`config.release`): a deploy never serves what the
  release before it rendered.

Per-user parts of a page (the header, forms, package counts) stay outside the cached
fragments; a fragment that holds the visitor's CSRF token is never stored.

The cache must be shared by every process that writes the catalog (Redis, as in
production); with the in-process cache of development `PAGE_CACHE_SECONDS` is 0 and
nothing is cached.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import get_language

from config.release import release

logger = logging.getLogger(__name__)

VERSION_KEY = "catalog:version"
SCHEDULE_KEY = "catalog:schedule:{version}"


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _token() -> str:
    return f"{time.time_ns():x}{secrets.token_hex(4)}"


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, _token(), timeout=None)
    except Exception:
        # The cache is down: nothing is read from it either.
        logger.exception("could not replace the catalog version")


def catalog_changed(**kwargs) -> None:
    """Every fragment cached so far is out of date. Replaced now and again once the
    transaction commits, so a page rendered from the data before the commit is never
    stored under the version that follows it. A signal receiver as well."""
    if not enabled():
        return
    _bump()
    transaction.on_commit(_bump)


def catalog_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _token(), timeout=None)
        version = cache.get(VERSION_KEY) or _token()
    return version


@dataclass(frozen=True)
class Schedule:
    """The sales (start, end) and endorsements (start, end) not over yet."""

    sales: list[tuple[datetime, datetime]]
    endorsements: list[tuple[datetime, datetime]]

    def next_change(self, now: datetime) -> datetime | None:
        moments = (
            moment
            for pair in (*self.sales, *self.endorsements)
            for moment in pair
            if moment > now
        )
        return min(moments, default=None)

    def running_sale_ends(self, now: datetime) -> list[datetime]:
        return sorted(ends for starts, ends in self.sales if starts <= now < ends)


def _schedule_read(now: datetime) -> Schedule:
    from marketplace.models import Endorsement, Promotion

    return Schedule(
        sales=list(
            Promotion.objects.live()
            .filter(ends_at__gt=now)
            .values_list("starts_at", "ends_at")
            .order_by()
        ),
        endorsements=list(
            Endorsement.objects.filter(revoked_at__isnull=True, expires_at__gt=now)
            .values_list("endorsed_at", "expires_at")
            .order_by()
        ),
    )


# The schedule of the latest version this process has seen: it never changes
# within a version.
_known: dict[str, Schedule] = {}


def _schedule(version: str, now: datetime) -> Schedule:
    schedule = _known.get(version)
    if schedule is not None:
        return schedule
    key = SCHEDULE_KEY.format(version=version)
    schedule = cache.get(key)
    if schedule is None:
        schedule = _schedule_read(now)
        cache.set(key, schedule, settings.PAGE_CACHE_SECONDS)
    _known.clear()
    _known[version] = schedule
    return schedule


def fragment_key(now: datetime | None = None, *, version: str | None = None) -> str:
    """What every cached fragment of a public page varies on, now."""
    now = now or timezone.now()
    version = version or catalog_version()
    schedule = _schedule(version, now)
    change = schedule.next_change(now)
    countdowns = [timeuntil(ends, now) for ends in schedule.running_sale_ends(now)]
    return "|".join(
        [
            release(),
            version,
            change.isoformat() if change else "-",
            get_language() or "",
            timezone.get_current_timezone_name(),
            *countdowns,
        ]
    )


def request_version(request) -> str:
    """`catalog_version`, once per request."""
    version = getattr(request, "catalog_version", None)
    if version is None:
        version = catalog_version()
        request.catalog_version = version
    return version


def request_key(request) -> str:
    """`fragment_key`, once per request."""
    if request is None:
        return fragment_key()
    key = getattr(request, "page_cache_key", None)
    if key is None:
        key = fragment_key(version=request_version(request))
        request.page_cache_key = key
    return key


# Where Wagtail keeps the route of a request (`Page.route_for_request`): the page an
# address leads to, found with a query per level of the page tree, the site and the
# locale.
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"
ROUTES_KEPT = 1000
# (host, path, language) → (catalog version, route) in this process; None for an
# address seen once, whose route is remembered the next time.
_routes: dict[tuple[str, str, str], tuple[str, Any] | None] = {}


def _route_address(request) -> tuple[str, str, str]:
    return (request.get_host(), request.path, get_language() or "")


def route_recall(request) -> None:
    """Give Wagtail the route this address had in the current catalog version (an
    editorial page published, unpublished, moved or deleted, or a view restriction
    changed, replaces the version). The version is read here, before Wagtail looks
    for the page, so that a route is only remembered under a version that was
    current before the route was found."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return
    address = _route_address(request)
    if address not in _routes:
        return
    try:
        version = request_version(request)
    except Exception:
        logger.exception("page cache unavailable for routing")
        return
    request.route_version = version
    known = _routes.get(address)
    if known is not None and known[0] == version:
        setattr(request, ROUTE_ATTRIBUTE, known[1])


def route_learn(request, status: int) -> None:
    """Remember the page Wagtail found for this address (never a 404), and whether
    it or a page above it has view restrictions (`RememberedRestrictions`)."""
    route = getattr(request, ROUTE_ATTRIBUTE, None)
    if not enabled() or route is None or status != 200 or request.method != "GET":
        return
    address = _route_address(request)
    version = getattr(request, "route_version", None)
    if len(_routes) >= ROUTES_KEPT:
        _routes.clear()
    if version is None:
        _routes[address] = None
        return
    known = _routes.get(address)
    if known is not None and known[0] == version:
        return
    page = route[0]
    page.view_unrestricted = not page.get_view_restrictions().exists()
    _routes[address] = (version, route)


def cache_key(request, name: str, vary_on: Iterable[object]) -> str:
    """Where the fragment `name` of this request's page is kept."""
    return make_template_fragment_key(name, [request_key(request), *vary_on])


def fragments_get(request, names: Sequence[str], *vary_on: object) -> list[Any]:
    """What the cache holds for this request under each of `names` — a fragment
    `{% pagecache name vary_on… %}`, or a value a view keeps beside it
    (`fragment_set`) — read at once; None for each it does not hold. A view may then
    skip reading what the fragments show."""
    if not enabled():
        return [None] * len(names)
    try:
        keys = [cache_key(request, name, vary_on) for name in names]
        found = cache.get_many(keys)
    except Exception:
        logger.exception("page cache unavailable for %s", ", ".join(names))
        return [None] * len(names)
    return [found.get(key) for key in keys]


def fragment_get(request, name: str, *vary_on: object) -> str | None:
    """The fragment `{% pagecache name vary_on… %}` holds for this request, if the
    cache has it."""
    return fragments_get(request, [name], *vary_on)[0]


def fragment_set(
    request, name: str, value: object, seconds: int, *vary_on: object
) -> None:
    """Keep `value` beside the fragments of this request's page, under the same key
    (`seconds` at most)."""
    if not enabled():
        return
    try:
        cache.set(
            cache_key(request, name, vary_on),
            value,
            min(seconds, settings.PAGE_CACHE_SECONDS),
        )
    except Exception:
        logger.exception("could not store %s in the page cache", name)


# What public pages show, besides the listings' own signals: a save or deletion of
# any of these makes every cached fragment out of date.
WATCHED = (
    "marketplace.Category",
    "marketplace.Protocol",
    "marketplace.Certification",
    "marketplace.Capability",
    "marketplace.Listing",
    "marketplace.Plan",
    "marketplace.ReferenceDeployment",
    "marketplace.ListingImage",
    "marketplace.ListingDocument",
    "marketplace.ListingTag",
    "marketplace.Endorsement",
    "marketplace.EndorsementCriterion",
    "marketplace.Promotion",
    "vendors.Vendor",
    "accounts.Organization",
    "reviews.Review",
    "reviews.ReviewVote",
    # A new version of the search index: what a search finds changed.
    "search.IndexVersion",
    # Which page tree a host serves, and who may see a page.
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
)


def receivers_connect() -> None:
    """Replace the catalog version on every change a public page shows (from
    `MarketplaceConfig.ready`)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from marketplace.signals import listing_changed, rating_scores_changed

    models = [apps.get_model(label) for label in WATCHED]
    # An image replaced: its renditions show on cards and pages.
    models.append(get_image_model())
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                catalog_changed,
                sender=model,
                dispatch_uid=f"page-cache-{model._meta.label}-{id(signal)}",
            )
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                catalog_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"page-cache-{model._meta.label}-{field.name}",
            )
    # Editorial pages: published, unpublished, moved or deleted (their drafts
    # change nothing a visitor sees).
    post_delete.connect(catalog_changed, sender=Page, dispatch_uid="page-cache-page")
    for announcement in (
        listing_changed,
        rating_scores_changed,
        page_published,
        page_unpublished,
        post_page_move,
    ):
        announcement.connect(
            catalog_changed, dispatch_uid=f"page-cache-{id(announcement)}"
        )
