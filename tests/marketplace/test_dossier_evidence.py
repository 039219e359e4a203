"""Evidence for a package's procurement file, as buyers add it without JavaScript:
a comparison saved to a package from the compare page (frozen as it was shown),
and a saved search linked to a package from the saved searches page; the package's
page lists both."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from marketplace.models import Listing, SavedComparison
from search.backends import get_backend
from search.models import SavedSearch
from tests.factories import MembershipFactory
from tests.factories.buying import PackageFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(db):
    manholes = CategoryFactory()
    return [
        published_listing(
            title=title,
            slug=slug,
            vendor=VendorFactory(organization__name=vendor),
            category=manholes,
        )
        for title, slug, vendor in (
            ("Manhole Guard", "manhole-guard", "Lanxin IoT"),
            ("Manhole Sentinel", "manhole-sentinel", "Shenzhen Sentinel"),
        )
    ]


@pytest.fixture
def package(buyer_org):
    return PackageFactory(organization=buyer_org, name="Futian pilot")


def compare_url(listings) -> str:
    return "/compare/?" + "&".join(f"listing={item.slug}" for item in listings)


def test_a_requester_saves_a_comparison_to_a_package(
    client, requester, listings, package
):
    other_package = PackageFactory(name="Not ours")
    client.force_login(requester)

    page = client.get(compare_url(listings)).content.decode()
    response = client.post(
        "/compare/save/",
        {
            "package": package.pk,
            "listing": ["manhole-sentinel", "manhole-guard"],
            "note": "Sentinel has no reference deployment yet.",
        },
    )
    # What the catalog does afterwards does not change what was compared.
    Listing.objects.filter(slug="manhole-guard").update(title="Renamed later")
    package_page = client.get(f"/packages/{package.pk}/").content.decode()

    assert "Save this comparison to a package" in page
    assert f'<option value="{package.pk}">Futian pilot</option>' in page
    assert "Not ours" not in page
    assert 'type="hidden" name="listing" value="manhole-guard"' in page
    assert response.status_code == 302
    assert response["Location"] == f"/packages/{package.pk}/#evidence"
    saved = SavedComparison.objects.get()
    assert (saved.package, saved.created_by) == (package, requester)
    assert saved.note == "Sentinel has no reference deployment yet."
    assert [item["title"] for item in saved.listings] == [
        "Manhole Sentinel",
        "Manhole Guard",
    ]
    guard = saved.listings[1]
    assert (guard["vendor"], guard["price_from"], guard["currency"]) == (
        "Lanxin IoT",
        68_000,
        "CNY",
    )
    assert guard["plans"][0]["unit_price"] == 68_000
    assert "Comparisons saved to this package" in package_page
    assert "Manhole Sentinel (Shenzhen Sentinel) · Manhole Guard (Lanxin IoT)" in (
        package_page
    )
    assert other_package.comparisons.count() == 0


def test_a_comparison_is_saved_only_by_composers_to_their_packages(
    client, buyer_org, requester, listings, package
):
    viewer = MembershipFactory(organization=buyer_org, role=Role.VIEWER).user
    other_package = PackageFactory(name="Not ours")
    slugs = [item.slug for item in listings]

    client.force_login(viewer)
    viewer_page = client.get(compare_url(listings)).content.decode()
    by_viewer = client.post(
        "/compare/save/", {"package": package.pk, "listing": slugs}, follow=True
    )
    client.force_login(requester)
    one_listing = client.get(compare_url(listings[:1])).content.decode()
    to_other = client.post(
        "/compare/save/", {"package": other_package.pk, "listing": slugs}
    )
    alone = client.post(
        "/compare/save/", {"package": package.pk, "listing": slugs[:1]}, follow=True
    )

    assert "Save this comparison" not in viewer_page
    assert "Your role does not allow this." in by_viewer.content.decode()
    assert "Save this comparison" not in one_listing
    assert to_other.status_code == 302
    assert to_other["Location"] == compare_url(listings)
    assert "Compare at least two solutions" in alone.content.decode()
    assert SavedComparison.objects.count() == 0


def test_a_saved_search_is_linked_to_a_package_and_listed_on_it(
    client, requester, listings, package
):
    get_backend().rebuild()
    client.force_login(requester)
    client.post(
        "/search/saved/", {"name": "Manhole sensors", "querystring": "q=manhole"}
    )
    search = SavedSearch.objects.get()

    saved_page = client.get("/search/saved/").content.decode()
    linked = client.post(f"/search/saved/{search.pk}/package/", {"package": package.pk})
    search.refresh_from_db()
    before_freezing = client.get(f"/packages/{package.pk}/").content.decode()
    client.post(f"/search/saved/{search.pk}/freeze/")
    after_freezing = client.get(f"/packages/{package.pk}/").content.decode()
    listed = client.get("/search/saved/").content.decode()
    unlinked = client.post(f"/search/saved/{search.pk}/package/", {"package": ""})

    assert f'<option value="{package.pk}">Futian pilot</option>' in saved_page
    assert linked.status_code == 302
    assert search.package == package
    assert "Saved searches linked to this package" in before_freezing
    assert "Manhole sensors" in before_freezing
    assert "Never frozen" in before_freezing
    assert "Never frozen" not in after_freezing
    assert "2 solutions of 2" in after_freezing
    assert f'href="/packages/{package.pk}/">Futian pilot</a>' in listed
    assert unlinked.status_code == 302
    search.refresh_from_db()
    assert search.package is None


def test_a_search_is_linked_only_to_a_package_of_its_organization(
    client, buyer_org, requester, package
):
    viewer = MembershipFactory(organization=buyer_org, role=Role.VIEWER).user
    client.force_login(requester)
    client.post("/search/saved/", {"name": "Mine", "querystring": "q=manhole"})
    search = SavedSearch.objects.get()
    other_package = PackageFactory(name="Not ours")

    to_other = client.post(
        f"/search/saved/{search.pk}/package/", {"package": other_package.pk}
    )
    client.force_login(viewer)
    viewer_page = client.get("/search/saved/").content.decode()
    by_viewer = client.post(
        f"/search/saved/{search.pk}/package/", {"package": package.pk}
    )
    client.force_login(MembershipFactory(role=Role.APPROVER).user)
    by_stranger = client.post(
        f"/search/saved/{search.pk}/package/", {"package": package.pk}
    )

    assert to_other.status_code == 404
    assert f"/search/saved/{search.pk}/package/" not in viewer_page
    assert by_viewer.status_code == 403
    assert by_stranger.status_code == 404
    search.refresh_from_db()
    assert search.package is None
