"""The curated tier: who may endorse and run sales, what buyers see, and how both
end on time without anyone touching them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from marketplace.models import Endorsement, EndorsementCriterion, Listing, Promotion
from marketplace.services import curation
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.services import index_sweep
from tests.factories.catalog import published_listing, vendor_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(review):
    return curation.criteria_ensure()


@pytest.fixture
def listing(review):
    return published_listing(slug="manhole-guard")


def endorse(listing, curator, criteria, **extra):
    return curation.endorsement_create(
        listing=listing,
        user=curator,
        criteria=criteria[:2],
        rationale="Two county deployments and a clean security review.",
        expires_at=extra.pop("expires_at", timezone.now() + timedelta(days=365)),
        **extra,
    )


def sale(plan, curator, **extra):
    now = timezone.now()
    return curation.promotion_create(
        plan=plan,
        user=curator,
        percent_off=extra.pop("percent_off", 20),
        starts_at=extra.pop("starts_at", now - timedelta(minutes=1)),
        ends_at=extra.pop("ends_at", now + timedelta(days=2)),
        **extra,
    )


@pytest.fixture
def frozen(monkeypatch):
    """Move the clock: `frozen(at)` makes every `timezone.now()` answer `at`."""

    def travel(at):
        monkeypatch.setattr(timezone, "now", lambda: at)

    return travel


def test_only_curators_endorse_and_run_sales(listing, criteria, curator):
    publisher = vendor_member(listing.vendor, Role.OWNER)

    with pytest.raises(PermissionDenied):
        endorse(listing, publisher, criteria)
    endorse(listing, curator, criteria)
    with pytest.raises(PermissionDenied):
        sale(listing.plans.get(), publisher)

    assert Endorsement.objects.count() == 1
    assert not Promotion.objects.exists()


def test_an_endorsement_needs_a_live_listing_criteria_reasons_and_a_future_date(
    review, listing, criteria, curator
):
    listing.unpublish()
    with pytest.raises(ValidationError) as error:
        curation.endorsement_create(
            listing=listing,
            user=curator,
            criteria=[],
            rationale=" ",
            expires_at=timezone.now() - timedelta(days=1),
        )

    assert set(error.value.message_dict) == {
        "listing",
        "criteria",
        "rationale",
        "expires_at",
    }
    assert not Endorsement.objects.exists()


def test_buyers_see_why_a_listing_is_curated(
    client, api_client, listing, criteria, curator
):
    endorsement = endorse(listing, curator, criteria)

    body = api_client.get("/api/v1/listings/manhole-guard/").json()
    page = client.get("/solutions/manhole-guard/").content.decode()

    assert body["curated"] is True
    assert body["endorsement"] == {
        "criteria": [criterion.name for criterion in criteria[:2]],
        "rationale": "Two county deployments and a clean security review.",
        "endorsed_at": endorsement.endorsed_at.isoformat().replace("+00:00", "Z"),
        "expires_at": endorsement.expires_at.isoformat().replace("+00:00", "Z"),
    }
    assert "Why this solution is in Select" in page
    assert criteria[0].name in page


def test_an_endorsement_lapses_at_its_expiry_and_search_catches_up(
    api_client, listing, criteria, curator, frozen, django_capture_on_commit_callbacks
):
    expires = timezone.now() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        endorse(listing, curator, criteria, expires_at=expires)
    engine = get_backend("database")

    def curated_count() -> int:
        facet = engine.search(SearchQuery()).facets["curated"]
        return next((v.count for v in facet if v.value == "true"), 0)

    assert curated_count() == 1
    frozen(expires + timedelta(seconds=1))

    assert api_client.get("/api/v1/listings/manhole-guard/").json()["curated"] is False
    assert index_sweep() >= 1
    assert curated_count() == 0


def test_renewing_keeps_the_history_and_revoking_ends_sales(
    client, listing, criteria, curator
):
    first = endorse(listing, curator, criteria)
    second = endorse(listing, curator, criteria)
    running = sale(listing.plans.get(), curator)

    curation.endorsement_revoke(
        endorsement=second, user=curator, reason="Certificate withdrawn."
    )

    first.refresh_from_db()
    running.refresh_from_db()
    assert [item.status for item in listing.endorsements.all()] == [
        "revoked",
        "revoked",
    ]
    assert first.revoke_reason == "Renewed by a new endorsement."
    assert running.cancelled_at is not None
    assert not Listing.objects.get(pk=listing.pk).curated
    assert "Select" not in client.get("/solutions/manhole-guard/").content.decode()


def test_curators_are_reminded_once_before_an_endorsement_lapses(
    listing, criteria, curator, settings, django_capture_on_commit_callbacks
):
    settings.ENDORSEMENT_REMINDER_DAYS = 30
    endorse(listing, curator, criteria, expires_at=timezone.now() + timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        assert curation.endorsements_remind() == 1
        assert curation.endorsements_remind() == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [curator.email]
    assert "Manhole Guard NB-IoT" in mail.outbox[0].subject


def test_sales_run_only_on_curated_listings_and_never_overlap(
    listing, criteria, curator
):
    plan = listing.plans.get()
    with pytest.raises(ValidationError) as error:
        sale(plan, curator)
    assert "plan" in error.value.message_dict

    endorse(listing, curator, criteria)
    sale(plan, curator)
    with pytest.raises(ValidationError) as error:
        sale(plan, curator, percent_off=95)
    assert set(error.value.message_dict) == {"percent_off", "starts_at"}
    assert Promotion.objects.count() == 1


def test_the_sale_price_shows_until_the_end_time_and_not_after(
    client, api_client, listing, criteria, curator, frozen
):
    endorse(listing, curator, criteria)
    ends = timezone.now() + timedelta(hours=5)
    sale(listing.plans.get(), curator, percent_off=25, ends_at=ends)

    body = api_client.get("/api/v1/listings/manhole-guard/").json()
    page = client.get("/solutions/manhole-guard/").content.decode()
    assert body["plans"][0]["sale"] == {
        "percent_off": 25,
        "price": {"amount": 51000, "currency": "CNY"},
        "ends_at": ends.isoformat().replace("+00:00", "Z"),
    }
    assert "CNY 510.00" in page and "ends in" in page

    frozen(ends)
    body = api_client.get("/api/v1/listings/manhole-guard/").json()
    page = client.get("/solutions/manhole-guard/").content.decode()
    assert body["plans"][0]["sale"] is None
    assert "CNY 510.00" not in page and "CNY 680.00" in page


def test_a_capped_sale_prices_only_the_units_left(listing, criteria, curator):
    from marketplace.services.pricing import line_price

    endorse(listing, curator, criteria)
    running = sale(listing.plans.get(), curator, percent_off=50, quantity_cap=10)
    Promotion.objects.filter(pk=running.pk).update(units_claimed=4)

    price = line_price(listing.plans.get(), 10)

    assert price.sale_units == 6
    assert price.subtotal == 6 * 34000 + 4 * 68000


def test_the_curator_dashboard_shows_what_needs_attention(
    client, listing, criteria, curator
):
    from tests.factories.catalog import VendorFactory

    endorse(listing, curator, criteria, expires_at=timezone.now() + timedelta(days=5))
    sale(listing.plans.get(), curator)
    VendorFactory(organization__name="Waiting Vendor", status="applied")
    client.force_login(curator)

    page = client.get("/cms/").content.decode()

    assert "Endorsements to review again" in page
    assert "Manhole Guard NB-IoT" in page
    assert "running, ends in" in page
    assert "Waiting Vendor" in page


def test_curators_endorse_in_the_admin_through_the_rules(
    client, listing, criteria, curator
):
    client.force_login(curator)
    url = "/cms/select/endorsements/new/"
    expires = (timezone.now() + timedelta(days=200)).strftime("%Y-%m-%d %H:%M")

    refused = client.post(
        url, {"listing": listing.pk, "rationale": "Good.", "expires_at": expires}
    )
    accepted = client.post(
        url,
        {
            "listing": listing.pk,
            "criteria": [criteria[0].pk],
            "rationale": "Good.",
            "expires_at": expires,
        },
    )

    assert refused.status_code == 200
    assert accepted.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.endorsed_by == curator
    assert list(endorsement.criteria.all()) == [criteria[0]]


def test_criteria_are_a_list_curators_keep(criteria):
    assert EndorsementCriterion.objects.filter(active=True).count() == 4
