"""Demo data of the curated tier: endorsements (in each kind, the listing with the
most reference deployments: `catalog_data.select_picks`), sales running now, three
curated collections and a case study. The rationales cite what the listing's page
shows (its references); its rating comes from buyers' reviews, on the page beside.

Dates are relative to the moment the seed runs, and the seed tops up what has
lapsed since the last run, so a demo started any day shows running sales.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import User
from marketplace.demo import catalog_data, catalog_i18n, curation_text
from marketplace.models import (
    Category,
    Endorsement,
    EndorsementCriterion,
    Listing,
    Plan,
    Promotion,
)
from marketplace.pages import CaseStudyPage, CollectionPage, HomePage, SelectPage
from marketplace.services.curation import criteria_ensure

SELECT_INTRO = (
    "<p>Select is the part of the store the platform vouches for. Every solution in "
    "it passed a published review: the criteria, the curator's reasons, the date and "
    "the next re-review are on its page. Outside Select, any verified vendor may "
    "list; compare before you buy.</p>"
)

# Each collection is a starter package for a buyer in `region`: every line's
# listing serves it, the lines provide what the others require, and a package
# made from it shows no warning there. `first_year` is the band its first-year
# cost (one-time amounts and twelve months of the recurring ones, in fen) falls
# in: what such a project costs a Chinese district or county
# (tests/marketplace/test_demo_collections.py checks all three). Lines are
# (listing slug, plan code, quantity, note); a device's hardware and its
# platform are two lines, one plan each.
COLLECTIONS: list[dict[str, Any]] = [
    {
        "slug": "smart-parking-one-district",
        "title": "Smart parking for one district",
        "region": "CN",
        # About CNY 0.93 million: CNY 0.6 to 1.4 million.
        "first_year": (60_000_000, 140_000_000),
        "intro": "Number-plate cameras at the car park lanes, sensors in the "
        "street bays and one app to find a space and pay: a pilot for one district "
        "of about 2,000 spaces.",
        "items": [
            (
                "zhixing-smart-parking-cloud-platform",
                "STD",
                6,
                "The back office of six car parks: tariffs, permits, payments and "
                "the drivers' app.",
            ),
            (
                "zhixing-zx-pg580s-alpr-barrier-gate-lane-kit",
                "HW",
                12,
                "A number-plate camera and gate for the way in and the way out of "
                "each car park.",
            ),
            (
                "zhixing-zx-pg580s-alpr-barrier-gate-lane-kit",
                "PLT",
                6,
                "The lanes' cloud service, one per car park.",
            ),
            (
                "linghang-lh-gs210-geomagnetic-parking-bay-sensor",
                "HW",
                600,
                "Sensors in the 600 street bays, so that the app shows free spaces.",
            ),
            (
                "linghang-lh-gs210-geomagnetic-parking-bay-sensor",
                "PLT",
                600,
                "The bays' occupancy service, per sensor.",
            ),
            (
                "shenyun-sy-ht220-handheld-payment-terminal",
                "HW",
                10,
                "Handheld terminals for the wardens: drivers without the app pay by "
                "card or QR code, and the platform takes its payments through them.",
            ),
            (
                "shenyun-sy-ht220-handheld-payment-terminal",
                "PLT",
                10,
                "Management of the terminals.",
            ),
        ],
        "text": "<h2>How to roll it out</h2><p>Start with the two busiest car parks "
        "and the streets around them, and add the rest of the district after three "
        "months.</p>",
    },
    {
        "slug": "flood-early-warning",
        "title": "Flood early warning",
        "region": "CN",
        # About CNY 0.36 million: CNY 0.25 to 0.55 million.
        "first_year": (25_000_000, 55_000_000),
        "intro": "Groundwater loggers along the river that raise alerts before "
        "streets flood, with sirens and a warning channel to every resident.",
        "items": [
            (
                "xinglian-xl-gw410e-piezometric-groundwater-level-logger",
                "HW",
                20,
                "Loggers in boreholes along the river and under low-lying streets.",
            ),
            (
                "xinglian-xl-gw410e-piezometric-groundwater-level-logger",
                "PLT",
                20,
                "Their readings, sent every few minutes, per logger.",
            ),
            (
                "shuiheng-groundwater-monitoring-data-platform",
                "STD",
                1,
                "The map of every borehole, with alert levels per street.",
            ),
            (
                "qianxing-mass-notification-platform",
                "STD",
                1,
                "Warnings to residents by SMS, voice call and app, drawn on the map.",
            ),
            (
                "anxun-ax-es450s-outdoor-emergency-broadcast-siren",
                "HW",
                4,
                "Sirens at the four lowest crossroads, for those without a phone.",
            ),
            (
                "anxun-ax-es450s-outdoor-emergency-broadcast-siren",
                "PLT",
                4,
                "The sirens' alerting service.",
            ),
        ],
        "text": "<h2>Why these together</h2><p>The loggers give the early signal, "
        "the map says which streets it concerns, and the alert platform and the "
        "sirens reach residents within minutes.</p>",
    },
    {
        "slug": "safe-manholes-county",
        "title": "Safe manholes for a county",
        "region": "CN",
        # About CNY 0.42 million: CNY 0.3 to 0.6 million.
        "first_year": (30_000_000, 60_000_000),
        "intro": "Tilt sensors in the manhole covers and water-level and gas "
        "monitors in the drains, watched from one dashboard: no more open shafts "
        "after storms.",
        "items": [
            (
                "xinglian-xl-mh480-smart-manhole-cover-monitor",
                "HW",
                300,
                "Sensors for 300 covers, on main roads and near schools first.",
            ),
            (
                "xinglian-xl-mh480-smart-manhole-cover-monitor",
                "PLT",
                300,
                "The dashboard and its alerts, per cover.",
            ),
            (
                "xinglian-xl-mw410-manhole-water-level-and-gas-monitor",
                "HW",
                30,
                "Water-level and gas monitors at the low points of the drains.",
            ),
            (
                "xinglian-xl-mw410-manhole-water-level-and-gas-monitor",
                "PLT",
                30,
                "Their readings on the same dashboard.",
            ),
        ],
        "text": "<h2>Maintenance</h2><p>Battery life is five years; plan a yearly "
        "check of one cover in ten.</p>",
    },
]

CASE_STUDY: dict[str, Any] = {
    "title": "Smart manholes in Qingyun County",
    "summary": "A county of 380,000 people fitted 1,200 manhole covers with sensors "
    "in eighteen months; reports of open shafts fell to none.",
    "place": "Qingyun County, Shandong",
    "text": "<h2>The problem</h2><p>Storms lifted covers on the main roads every "
    "summer, and crews found out from residents.</p><h2>What the county did</h2>"
    "<p>It started with 200 covers near schools, then the main roads. Each cover "
    "reports tilt, water level and gas; the street lights relay the signals.</p>",
    "quote": "We now know about an open cover before anyone steps near it.",
    # (listing slug, what it did there)
    "roles": [
        (
            "xinglian-xl-mh480-smart-manhole-cover-monitor",
            "Sensors in the covers and the dashboard",
        ),
        (
            "lumen-lu-sp880e-multi-function-smart-pole",
            "Lights used as gateways along the roads",
        ),
    ],
}


def demo_curator() -> User | None:
    return User.objects.filter(email="curator@demo.agora.test").first()


def _criteria_for(listing: Listing) -> list[EndorsementCriterion]:
    names = ["Security review passed"]
    if len(listing.reference_deployments.all()) >= 2:
        names.append("At least two reference deployments")
    if listing.sla_uptime and listing.sla_uptime >= 99.5:
        names.append("SLA of 99.5 % or better")
    if listing.support_hours:
        names.append("Support in the buyer's region")
    return list(EndorsementCriterion.objects.filter(name__in=names))


def _rationale_translations(kind: Category, listing: Listing, references) -> dict:
    translations = {}
    for language, parts in curation_text.RATIONALE.items():
        cities = catalog_i18n.TEXTS[language].CITIES
        names = [reference.translated("city", language) for reference in references]
        names = [cities.get(name, name) for name in names]
        text = parts["best"].format(kind=kind.translated("name", language))
        if names:
            text += parts["in_service"].format(cities="、".join(names))
        translations[language] = {"rationale": text + parts["closing"]}
    return translations


def _seed_endorsements(curator: User | None) -> int:
    """In each kind, the published listing with the most reference deployments."""
    now = timezone.now()
    added = 0
    picks = catalog_data.select_picks(catalog_data.build_catalog())
    kinds = Category.objects.filter(parent__isnull=False).order_by("slug")
    for index, kind in enumerate(kinds):
        published = (
            Listing.objects.published()
            .filter(category=kind)
            .prefetch_related("reference_deployments")
        )
        # The demo catalog's pick; in another catalog, by the same rule.
        listing = published.filter(slug=picks.get(kind.slug, "")).first() or (
            published.annotate(references=Count("reference_deployments"))
            .order_by("-references", F("sla_uptime").desc(nulls_last=True), "title")
            .first()
        )
        if listing is None or listing.endorsements.exists():
            continue
        references = list(listing.reference_deployments.all())
        cities = ", ".join(reference.city for reference in references[:3])
        # Most endorsements run for a year; every seventh lapses within a fortnight,
        # so that the curators' dashboard has re-reviews to show.
        endorsed_at = now - timedelta(days=30 + 11 * index)
        expires_at = (
            now + timedelta(days=10 + index % 5)
            if index % 7 == 3
            else endorsed_at + timedelta(days=365 + 30 * (index % 3))
        )
        endorsement = Endorsement.objects.create(
            listing=listing,
            endorsed_by=curator,
            endorsed_at=endorsed_at,
            expires_at=expires_at,
            rationale=(
                f"The {kind.name.lower()} solution on the store with the most "
                "reference deployments"
                + (f", in service in {cities}" if cities else "")
                + ". Documentation and support met the review's bar."
            ),
            translations=_rationale_translations(kind, listing, references[:3]),
        )
        endorsement.criteria.set(_criteria_for(listing))
        added += 1
    return added


def _seed_sales(curator: User | None) -> int:
    """At least two sales running now: on the first plans of curated listings."""
    now = timezone.now()
    running = Promotion.objects.running(now).count()
    added = 0
    endorsed = (
        Endorsement.objects.active(now)
        .select_related("listing")
        .order_by("listing__title")
    )
    for number, endorsement in enumerate(endorsed):
        if running + added >= 3:
            break
        plan = endorsement.listing.plans.order_by("sort_order").first()
        if (
            plan is None
            or Promotion.objects.live().filter(plan=plan, ends_at__gt=now).exists()
        ):
            continue
        Promotion.objects.create(
            plan=plan,
            percent_off=(15, 20, 10)[number % 3],
            starts_at=now - timedelta(hours=2),
            ends_at=now + timedelta(days=7 + number),
            quantity_cap=(None, 500, None)[number % 3],
            created_by=curator,
        )
        added += 1
    # And one that starts next week, for the dashboard's "upcoming".
    last = endorsed.last()
    if last is not None and not Promotion.objects.upcoming(now).exists():
        plan = last.listing.plans.order_by("sort_order").first()
        if (
            plan
            and not Promotion.objects.live().filter(plan=plan, ends_at__gt=now).exists()
        ):
            Promotion.objects.create(
                plan=plan,
                percent_off=25,
                starts_at=now + timedelta(days=7),
                ends_at=now + timedelta(days=14),
                created_by=curator,
            )
    return added


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _plan(slug: str, code: str) -> Plan | None:
    """A collection line's plan, while its listing is on the store."""
    return (
        Plan.objects.filter(listing__in=Listing.objects.published(), code=code)
        .filter(listing__slug=slug)
        .select_related("listing")
        .first()
    )


def _seed_pages() -> None:
    original = Locale.get_default()
    home = HomePage.objects.filter(locale=original).first()
    if home is None:
        return
    select = SelectPage.objects.filter(locale=original).first()
    if select is None:
        select = _publish(
            home, SelectPage(title="Select", slug="select", intro=SELECT_INTRO)
        )
    for spec in COLLECTIONS:
        if CollectionPage.objects.filter(slug=spec["slug"], locale=original).exists():
            continue
        body: list[tuple[str, Any]] = []
        for slug, code, quantity, note in spec["items"]:
            plan = _plan(slug, code)
            if plan is None:
                continue
            body.append(
                (
                    "item",
                    {
                        "listing": plan.listing,
                        "plan": plan,
                        "quantity": quantity,
                        "note": note,
                    },
                )
            )
        body.append(("text", spec["text"]))
        _publish(
            select,
            CollectionPage(
                title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=body
            ),
        )
    if not CaseStudyPage.objects.filter(locale=original).exists():
        page = CaseStudyPage(
            title=CASE_STUDY["title"],
            slug="smart-manholes-qingyun",
            summary=CASE_STUDY["summary"],
            place=CASE_STUDY["place"],
            year=2025,
            body=[("text", CASE_STUDY["text"]), ("quote", CASE_STUDY["quote"])],
        )
        for slug, role in CASE_STUDY["roles"]:
            listing = Listing.objects.published().filter(slug=slug).first()
            if listing is not None:
                page.solutions.add(
                    page.solutions.model(listing=listing, role=role)  # type: ignore[attr-defined]
                )
        _publish(select, page)


@transaction.atomic
def seed_curation() -> dict[str, int]:
    criteria_ensure()
    curator = demo_curator()
    endorsements = _seed_endorsements(curator)
    sales = _seed_sales(curator)
    _seed_pages()
    return {"endorsements": endorsements, "sales": sales}
