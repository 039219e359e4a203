"""The search page: text, facets, sorts, highlights and suggestions, in the URL."""

import pytest

from search.backends import get_backend
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    manholes = CategoryFactory()
    north = VendorFactory(organization__name="North Sensors")
    listings = [
        published_listing(
            title="Manhole Guard", slug="guard", category=manholes, vendor=north
        ),
        published_listing(title="Manhole Watch", slug="watch", category=manholes),
    ]
    get_backend().rebuild()
    return listings


def test_a_search_shows_highlighted_results_and_facets(client, indexed):
    response = client.get("/search/", {"q": "manhole"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 solutions found" in html
    assert "<mark>Manhole</mark> Guard" in html
    assert '<legend class="usa-legend text-bold">Vendor</legend>' in html
    assert 'North Sensors <span class="text-base-dark">(1)</span>' in html


def test_filters_live_in_the_url_and_can_be_removed(client, indexed):
    vendor = indexed[0].vendor.organization.slug

    response = client.get("/search/", {"q": "manhole", "vendor": vendor})

    html = response.content.decode()
    assert "1 solution found" in html
    assert "Remove filter Vendor: North Sensors" in html
    assert 'href="?q=manhole"' in html


def test_no_results_suggest_a_spelling(client, indexed):
    response = client.get("/search/", {"q": "manhoel"})

    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="?q=manhole"' in html


def test_bad_parameters_show_an_error_not_a_crash(client, indexed):
    response = client.get("/search/", {"sort": "cheapest"})

    assert response.status_code == 200
    assert "Use one of relevance" in response.content.decode()


def test_curators_see_why_a_hit_ranks_where_it_does(client, indexed):
    from accounts.roles import Role
    from marketplace.services.listings import listing_review_workflow
    from tests.factories import PlatformMemberFactory

    listing_review_workflow()
    curator = PlatformMemberFactory(role=Role.CURATOR)

    anonymous = client.get("/search/", {"q": "manhole"}).content.decode()
    client.force_login(curator)
    as_curator = client.get("/search/", {"q": "manhole"}).content.decode()

    assert "Why it ranks here" not in anonymous
    assert "Why it ranks here" in as_curator
    assert "<dt>text relevance</dt>" in as_curator
    assert "<dt>reference deployments</dt>" in as_curator


def test_the_search_box_offers_completions(client):
    published_listing(title="Manhole Guard NB-IoT")
    get_backend("database").rebuild()

    response = client.get("/search/suggest/", {"q": "manh"})

    assert response.status_code == 200
    assert '<option value="Manhole Guard NB-IoT">' in response.content.decode()
    page = client.get("/search/").content.decode()
    assert 'list="search-page-q-suggestions"' in page
    assert 'hx-get="/search/suggest/"' in page
