"""The demo catalog that `make run` loads (one load, checked from every side)."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from accounts.roles import BuyerType
from analytics.models import ListingViewDay
from marketplace.demo.accounts import BUYERS
from marketplace.demo.reviews import eligible_since
from marketplace.models import (
    Endorsement,
    Listing,
    Order,
    OrderKind,
    OrderLine,
    OrderStatus,
    Package,
    PackageLine,
    Promotion,
    QuoteLine,
    Subscription,
    SubscriptionStatus,
)
from notifications.models import Notification
from reviews.models import Review, ReviewReport
from tests.marketplace.test_demo_collections import check_collections
from tests.marketplace.test_demo_documents import check_demo_datasheets
from tests.marketplace.test_images import check_demo_pictures
from vendors.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def all_results(api_client) -> list[dict]:
    results, url = [], "/api/v1/listings/?page_size=100"
    while url:
        body = api_client.get(url).json()
        results += body["results"]
        url = body["next"]
    return results


@pytest.mark.slow
def test_the_demo_catalog(api_client, client, settings, tmp_path):
    # The pictures and documents the demo makes go to a folder of this test.
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("search_reindex", stdout=StringIO())

    # The API serves hundreds of listings from many vendors in many categories.
    results = all_results(api_client)
    assert len(results) >= 300
    assert len({result["vendor"]["slug"] for result in results}) >= 40
    assert len({result["category"]["slug"] for result in results}) >= 12
    assert "326/326" in out.getvalue()

    # Several vendors offer each kind of solution buyers compare most.
    published = Listing.objects.published()
    for slug, minimum in {
        "video-surveillance": 5,
        "smart-manholes": 3,
        "unmanned-parking": 3,
        "smart-street-lights": 3,
        "video-conferencing": 3,
    }.items():
        vendors = published.filter(category__slug=slug).values("vendor").distinct()
        assert vendors.count() >= minimum, slug

    # Every published listing has plans, and the detail shows them.
    assert not published.filter(plans__isnull=True).exists()
    detail = api_client.get(f"/api/v1/listings/{results[0]['slug']}/").json()
    assert detail["plans"][0]["unit_price"]["currency"] == "CNY"

    # The demo vendor has live listings and a draft; some listings await review.
    lumen = Listing.objects.filter(vendor__organization__slug="lumen-urban-systems")
    assert lumen.published().count() >= 5
    assert lumen.filter(live=False).exists()
    unpublished = Listing.objects.filter(live=False)
    assert sum(listing.status == "in_review" for listing in unpublished) >= 5

    # Search finds the right kind of solution first, through synonyms, typos and
    # Chinese words too.
    for text, category in {
        "manhole": "smart-manholes",
        "CCTV": "video-surveillance",
        "survelliance": "video-surveillance",
        "井盖": "smart-manholes",
        "point of sale": "pos",
        "street light": "smart-street-lights",
        "video conferencing": "video-conferencing",
    }.items():
        top = api_client.get("/api/v1/listings/", {"q": text, "page_size": 5}).json()
        assert [r["category"]["slug"] for r in top["results"]] == [category] * 5, text

    # Select: twenty-odd endorsements with criteria and dates, sales running now.
    curated = api_client.get("/api/v1/listings/", {"curated": "true", "page_size": 100})
    curated_results = curated.json()["results"]
    assert len(curated_results) >= 20
    on_sale = 0
    for result in curated_results:
        detail = api_client.get(f"/api/v1/listings/{result['slug']}/").json()
        assert detail["endorsement"]["criteria"]
        assert (
            detail["endorsement"]["expires_at"] > detail["endorsement"]["endorsed_at"]
        )
        on_sale += sum(plan["sale"] is not None for plan in detail["plans"])
    assert on_sale >= 2

    # The storefront is linked from the home page; collections and the case study
    # render with their solutions.
    home = client.get("/").content.decode()
    assert 'href="/select/"' in home
    select = client.get("/select/").content.decode()
    assert "On sale now" in select
    for path in (
        "/select/smart-parking-one-district/",
        "/select/flood-early-warning/",
        "/select/safe-manholes-county/",
        "/select/smart-manholes-qingyun/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "/solutions/" in response.content.decode(), path

    # The district office introduces smart manholes step by step: the pilot is
    # ordered and paid, and only its lines run; the rollout waits on the quote.
    package = Package.objects.get(organization__slug="futian-smart-city-office")
    assert [phase.name for phase in package.phases.all()] == [
        "Pilot: Futian district",
        "City-wide rollout",
    ]
    order = Order.objects.get(quote__package=package)
    assert (order.phase, order.status, order.purchase_order) == (
        1,
        "paid",
        "FT-2026-0117",
    )
    running = Subscription.objects.filter(organization=package.organization)
    assert running.count() == 2
    assert not running.filter(order_line__quote_line__phase=2).exists()

    # Its procurement dossier files the comparison that chose the sensors and the
    # searches frozen once the catalog is indexed, and its manifest checks out.
    call_command("seed_demo_searches", stdout=StringIO())
    client.force_login(User.objects.get(email="buyer@demo.agora.test"))
    dossier = client.get(f"/packages/{package.pk}/dossier.zip")
    archive = zipfile.ZipFile(io.BytesIO(dossier.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert sorted(entry["path"] for entry in manifest["files"]) == sorted(
        name for name in archive.namelist() if name != "manifest.json"
    )
    for entry in manifest["files"]:
        content = archive.read(entry["path"])
        assert entry["sha256"] == hashlib.sha256(content).hexdigest(), entry["path"]
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert {"comparisons", "searches", "quotes", "orders", "documents"} <= folders
    snapshots = [name for name in archive.namelist() if "/snapshot-" in name]
    assert len(snapshots) == 4
    client.logout()

    # Twelve months of orders from municipal and enterprise buyers across the
    # regions, with reviews behind every rating (check_the_history, below).
    check_the_history(out.getvalue())

    # The collections are coherent starter packages; every vendor and listing is
    # pictured, every listing has its datasheet to download (each checked beside
    # the tests of its feature, on this one load of the demo).
    check_collections(client)
    check_demo_pictures(client)
    check_demo_datasheets(client)

    # Loading again adds nothing.
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def counts() -> tuple[int, ...]:
    return (
        Listing.objects.count(),
        Endorsement.objects.count(),
        Order.objects.count(),
        Subscription.objects.count(),
        Promotion.objects.count(),
        Review.objects.count(),
        ReviewReport.objects.count(),
        Notification.objects.count(),
        ListingViewDay.objects.aggregate(views=Sum("views"))["views"] or 0,
    )


def check_the_history(output: str) -> None:
    """What the demo's year of buying left: checked after the one load."""
    assert "History: added " in output
    history = Order.objects.filter(
        organization__slug__in=list(BUYERS), kind=OrderKind.INITIAL
    )
    placed = sorted(history.values_list("placed_at", flat=True))
    assert len(placed) >= 100
    today = timezone.localdate()
    assert (today - timezone.localdate(placed[0])).days >= 330
    months = {timezone.localdate(moment).strftime("%Y-%m") for moment in placed}
    assert len(months) >= 12
    kinds = set(history.values_list("organization__buyer_type", flat=True))
    assert kinds == {BuyerType.MUNICIPAL, BuyerType.ENTERPRISE}
    assert len(set(history.values_list("organization__region", flat=True))) >= 4
    # Paid by invoice, provisioned; a few failed and were refunded; monthly
    # subscriptions renewed by the billing run; some lines bought on sale.
    assert history.filter(status=OrderStatus.PAID).count() >= 0.9 * len(placed)
    failed = Subscription.objects.filter(status=SubscriptionStatus.FAILED)
    assert failed.exists()
    assert not failed.filter(refunded=0).exists()
    assert Order.objects.filter(
        kind=OrderKind.RENEWAL, status=OrderStatus.PAID
    ).exists()
    assert OrderLine.objects.filter(quote_line__promotion__isnull=False).exists()

    # Every rating is the mean and count of the listing's visible reviews; a
    # listing without reviews has no rating, and many have none.
    visible = Q(reviews__hidden_at__isnull=True)
    listings = Listing.objects.annotate(
        visible=Count("reviews", filter=visible),
        stars=Sum("reviews__stars", filter=visible),
    )
    for listing in listings:
        assert listing.rating_count == listing.visible, listing.slug
        if listing.visible:
            mean = Decimal(listing.stars) / listing.visible
            assert listing.rating == mean.quantize(Decimal("0.1"), ROUND_HALF_UP)
        else:
            assert listing.rating is None, listing.slug
    assert listings.filter(visible__gte=1).count() >= 30
    assert listings.filter(visible=0, live=True).exists()

    # Each review comes from an organization whose subscription to the listing
    # had been running for a while, in the buyer's language; the demo vendor
    # replied to some of its reviews.
    reviews = Review.objects.select_related("organization", "listing")
    assert reviews.count() >= 30
    for review in reviews:
        since = eligible_since(review)
        assert since is not None and since >= timedelta(days=30), review.pk
    assert set(reviews.values_list("language", flat=True)) == {"en", "zh-hans", "ja"}
    assert set(reviews.values_list("stars", flat=True)) >= {3, 4, 5}
    assert reviews.exclude(reply="").exists()

    # Views outnumber the packages the listings went into, which outnumber the
    # quotes and the orders (the funnel the statistics draw).
    views = ListingViewDay.objects.aggregate(views=Sum("views"))["views"]
    adds = PackageLine.objects.filter(package__organization__slug__in=list(BUYERS))
    quoted = QuoteLine.objects.filter(quote__organization__slug__in=list(BUYERS))
    ordered = OrderLine.objects.filter(
        vendor_order__order__in=history, kind=OrderKind.INITIAL
    )
    assert views > 10 * adds.count() > 10 * quoted.count() > 10 * ordered.count()
    # The vendors' receiver is left only the events that wait for an answer.
    waiting = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    assert (
        waiting.count()
        == Subscription.objects.filter(status=SubscriptionStatus.PENDING).count()
    )
