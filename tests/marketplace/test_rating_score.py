"""Ranking by rating: a Bayesian average of each listing's visible reviews against
its kind's mean, so that a listing without reviews ranks neutrally (at the mean) and
one five-star review does not outrank many good ones."""

from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from marketplace.models import Category, Listing
from reviews.ratings import bayesian_average
from reviews.services import review_hide
from search.backends import get_backend
from search.backends.base import SearchQuery
from tests.factories.accounts import PlatformMemberFactory
from tests.factories.catalog import CategoryFactory, published_listing

pytestmark = pytest.mark.django_db

PLACES = Decimal("0.0001")


def mean_of(stars: list[int]) -> Decimal:
    return (Decimal(sum(stars)) / len(stars)).quantize(PLACES, ROUND_HALF_UP)


def expected(stars: list[int], kind_stars: list[int], weight: int = 5) -> Decimal:
    """The documented formula, written out: (C·m + Σ stars) / (C + n)."""
    mean = mean_of(kind_stars)
    score = (weight * mean + sum(stars)) / (weight + len(stars))
    return score.quantize(PLACES, ROUND_HALF_UP)


def scores(*listings: Listing) -> list[Decimal | None]:
    found = Listing.objects.in_bulk([listing.pk for listing in listings])
    return [found[listing.pk].rating_score for listing in listings]


@pytest.fixture
def kind(db):
    """A kind of solution with four listings: one five-star review (`lucky`), four
    good ones (`proven`), one poor one (`poor`) and none (`new`)."""
    return CategoryFactory()


@pytest.fixture
def rated(kind, write_review):
    listings = {
        name: published_listing(title=title, category=kind)
        for name, title in (
            ("lucky", "Lucky Lid"),
            ("proven", "Proven Cover"),
            ("poor", "Poor Manhole"),
            ("new", "New Sensor"),
        )
    }
    write_review(listings["lucky"], 5)
    for stars in (5, 5, 5, 4):
        write_review(listings["proven"], stars)
    write_review(listings["poor"], 1)
    return listings


KIND_STARS = [5, 5, 5, 5, 4, 1]


def test_a_listing_without_reviews_ranks_at_its_kinds_mean(rated):
    (new,) = scores(rated["new"])

    assert new == mean_of(KIND_STARS)


def test_each_score_is_the_bayesian_average_against_the_kinds_mean(rated):
    lucky, proven, poor = scores(rated["lucky"], rated["proven"], rated["poor"])

    assert lucky == expected([5], KIND_STARS)
    assert proven == expected([5, 5, 5, 4], KIND_STARS)
    assert poor == expected([1], KIND_STARS)
    # The displayed rating stays the plain average of the visible reviews.
    rated["lucky"].refresh_from_db()
    assert rated["lucky"].rating == Decimal("5.0")


def test_many_good_reviews_outrank_one_perfect_one_and_no_reviews_sit_between(
    client, rated, kind
):
    response = client.get(f"/categories/{kind.slug}/", {"sort": "rating"})

    titles = [listing.title for listing in response.context["page_obj"]]
    assert titles == ["Proven Cover", "Lucky Lid", "New Sensor", "Poor Manhole"]


def test_search_sorts_by_the_score_and_the_facet_by_the_displayed_rating(rated):
    backend = get_backend("database")
    backend.rebuild()

    result = backend.search(SearchQuery(sort="rating"))
    four_and_up = backend.search(SearchQuery(filters={"rating": ("4",)}))

    found = Listing.objects.in_bulk([hit.listing_id for hit in result.hits])
    assert [found[hit.listing_id].title for hit in result.hits] == [
        "Proven Cover",
        "Lucky Lid",
        "New Sensor",
        "Poor Manhole",
    ]
    # A listing without reviews is in no rating bucket.
    assert {hit.listing_id for hit in four_and_up.hits} == {
        rated["lucky"].pk,
        rated["proven"].pk,
    }


def test_a_review_moves_its_whole_kind_in_the_search_index(
    rated, write_review, django_capture_on_commit_callbacks
):
    backend = get_backend("database")
    backend.rebuild()

    # Three one-star reviews of `lucky` pull the kind's mean down: the listings
    # nobody reviewed take their new scores in the index too.
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            write_review(rated["lucky"], 1)
    result = backend.search(SearchQuery(sort="rating", explain=True))

    kind_stars = [*KIND_STARS, 1, 1, 1]
    mean = mean_of(kind_stars)
    assert scores(rated["new"]) == [mean]
    assert [hit.listing_id for hit in result.hits] == [
        rated["proven"].pk,
        rated["new"].pk,
        rated["poor"].pk,
        rated["lucky"].pk,
    ]
    explained = {hit.listing_id: hit.explanation for hit in result.hits}
    assert explained[rated["new"].pk]["rating score"] == str(mean)
    assert explained[rated["poor"].pk]["rating score"] == str(expected([1], kind_stars))


def test_hiding_a_review_scores_the_kind_again(rated):
    curator = PlatformMemberFactory()
    poor_review = rated["poor"].reviews.get()

    review_hide(curator, poor_review, "Written about another product.")

    kind_stars = [5, 5, 5, 5, 4]
    new, poor = scores(rated["new"], rated["poor"])
    assert new == mean_of(kind_stars)
    # Without its one visible review the listing is neutral again.
    assert poor == new


def test_a_listing_published_later_ranks_at_the_mean_at_once(rated, kind):
    other = Category.objects.create(name="Street lights", slug="street-lights")

    lamp = published_listing(title="Lamp Post", category=other)
    newcomer = published_listing(title="Newcomer", category=kind)

    # Its kind's mean, or the catalog's while its kind has no review.
    mean = mean_of(KIND_STARS)
    assert scores(lamp, newcomer) == [mean, mean]


def test_without_any_review_every_score_is_null(kind):
    listing = published_listing(category=kind)

    call_command("rating_scores", stdout=StringIO())

    assert scores(listing) == [None]


def test_the_command_restores_scores_written_over(rated):
    Listing.objects.update(rating_score=None)
    out = StringIO()

    call_command("rating_scores", stdout=out)

    assert scores(rated["proven"]) == [expected([5, 5, 5, 4], KIND_STARS)]
    assert "4 listings have a new rating score" in out.getvalue()


@given(
    stars=st.lists(st.integers(min_value=1, max_value=5), max_size=40),
    mean=st.decimals(min_value=1, max_value=5, places=4),
    weight=st.integers(min_value=1, max_value=50),
)
def test_the_score_lies_between_the_listings_mean_and_the_kinds(stars, mean, weight):
    score = bayesian_average(sum(stars), len(stars), mean, weight)

    assert score is not None
    if not stars:
        assert score == mean
        return
    own = Decimal(sum(stars)) / len(stars)
    assert min(own, mean) - PLACES <= score <= max(own, mean) + PLACES
    # More of the same reviews move it towards the listing's own mean.
    more = bayesian_average(2 * sum(stars), 2 * len(stars), mean, weight)
    assert abs(more - own) <= abs(score - own) + PLACES


def test_without_a_mean_there_is_no_score():
    assert bayesian_average(0, 0, None, 5) is None


def test_publishing_a_vendors_edit_keeps_the_rating_and_score(rated, write_review):
    """The vendor saved an edit before the latest review; the curator publishes it
    after: the rating and score are the reviews', not the edit's."""
    listing = rated["poor"]
    edit = listing.get_latest_revision_as_object()
    edit.summary = "Now with a five-year battery."
    revision = edit.save_revision()
    write_review(listing, 5)
    listing.refresh_from_db()
    before = (listing.rating, listing.rating_count, listing.rating_score)

    revision.publish()

    listing.refresh_from_db()
    assert listing.summary == "Now with a five-year battery."
    assert (listing.rating, listing.rating_count, listing.rating_score) == before
    assert listing.rating_count == 2
