"""Search insights for curators: what buyers search for, by language, without who
asked; a query that finds nothing gets a synonym in one step, and it works from
the next search on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from search.insights import queries_empty, queries_top
from search.models import QueryCount, Synonym
from tests.factories.accounts import PlatformMemberFactory, UserFactory
from tests.factories.catalog import CategoryFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def covers():
    listing = published_listing(
        title="Manhole Guard",
        category=CategoryFactory(),
        summary="Tilt and water-level sensors for manhole covers.",
    )
    from search.backends import get_backend

    get_backend("database").rebuild()
    return listing


BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def search(client, text, language="en", agent=BROWSER, **params):
    return client.get(
        "/search/",
        {"q": text, **params},
        HTTP_ACCEPT_LANGUAGE=language,
        HTTP_USER_AGENT=agent,
    )


def found(client, text, listing) -> bool:
    """Whether the search page lists the listing."""
    link = reverse("marketplace:listing", args=[listing.slug])
    return f'href="{link}"' in search(client, text).content.decode()


def test_searches_are_counted_by_language_without_who_asked(client, covers):
    client.force_login(UserFactory())
    search(client, "Manhole")
    search(client, "  manhole ")
    search(client, "manhole", page=2)  # the same search, next page: not again
    search(client, "井盖", "zh-hans")
    search(client, "road lid")

    assert [(q.query, q.searches, q.empty) for q in queries_top("en")] == [
        ("manhole", 2, 0),
        ("road lid", 1, 1),
    ]
    assert [q.query for q in queries_empty("en")] == ["road lid"]
    assert [q.query for q in queries_top("zh-hans")] == ["井盖"]
    fields = {field.name for field in QueryCount._meta.get_fields()}
    assert fields == {"id", "day", "language", "query", "searches", "empty"}


def test_searches_by_bots_are_not_counted(client, covers):
    search(client, "manhole", agent=GOOGLEBOT)
    search(client, "manhole", agent="")
    search(client, "manhole")

    assert [(q.query, q.searches) for q in queries_top("en")] == [("manhole", 1)]


def test_only_the_last_30_days_count(client, covers):
    QueryCount.objects.create(
        day=timezone.localdate() - timedelta(days=30),
        language="en",
        query="old",
        searches=50,
        empty=50,
    )
    search(client, "road lid")

    assert [q.query for q in queries_top("en")] == ["road lid"]


def test_a_curator_adds_a_synonym_for_a_query_that_found_nothing(
    client, covers, django_capture_on_commit_callbacks
):
    search(client, "road lid")
    curator = PlatformMemberFactory(role=Role.CURATOR)
    client.force_login(curator)

    page = client.get("/cms/search/insights/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "road lid" in body and "Queries that found nothing" in body

    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            "/cms/search/insights/synonym/",
            {"query": "road lid", "means": "manhole，井盖"},  # a Chinese comma
            follow=True,
        )
    assert "“road lid” now finds what manhole, 井盖 find." in added.content.decode()
    assert Synonym.objects.get().terms == "road lid, manhole, 井盖"

    assert found(client, "road lid", covers)


def test_a_synonym_needs_two_words_and_the_page_needs_a_curator(client, covers):
    curator = PlatformMemberFactory(role=Role.CURATOR)
    client.force_login(curator)
    refused = client.post(
        "/cms/search/insights/synonym/",
        {"query": "road lid", "means": " , road lid"},
        follow=True,
    )
    assert "Give at least two different words or phrases." in refused.content.decode()
    assert not Synonym.objects.exists()

    client.force_login(PlatformMemberFactory(role=Role.FINANCE))
    assert client.get("/cms/search/insights/").status_code in (302, 403)
    assert client.post(
        "/cms/search/insights/synonym/", {"query": "x", "means": "y"}
    ).status_code in (302, 403)
    assert not Synonym.objects.exists()


def test_curators_manage_the_synonyms(
    client, covers, django_capture_on_commit_callbacks
):
    client.force_login(PlatformMemberFactory(role=Role.CURATOR))
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/cms/search/synonyms/new/", {"terms": "Lid, manhole"})
    assert created.status_code == 302
    synonym = Synonym.objects.get()
    assert synonym.terms == "lid, manhole"
    assert found(client, "lid", covers)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cms/search/synonyms/delete/{synonym.pk}/")
    assert not Synonym.objects.exists()
    assert not found(client, "lid", covers)
