"""API v1 reviews: who may write one (403 with the reason, 201, 409 naming the
existing review), the list's orders and pages, editing, the vendor's one reply,
reports, helpful votes, and the rating the listing endpoints answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from reviews.models import Review, ReviewReport
from reviews.services import review_hide, review_vote
from search.backends import get_backend
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories.accounts import PlatformMemberFactory
from tests.factories.catalog import PlanFactory, vendor_member
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db

BODY = {
    "stars": 4,
    "title": "Fewer site visits",
    "text": "Alerts came within a minute of a cover being lifted.",
    "deployment": {
        "city": "Futian District, Shenzhen",
        "scale": "1,200 manhole sensors",
        "months_in_use": 14,
    },
    "show_organization": True,
}


def reviews_url(listing) -> str:
    return f"/api/v1/listings/{listing.slug}/reviews/"


@pytest.fixture
def client_of(api_client_for):
    def client(membership):
        return api_client_for(membership.user, membership.organization)

    return client


def test_a_buyer_without_a_subscription_is_refused_with_the_reason(
    used, client_of, api_client
):
    listing, _buyer = used
    stranger = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER, name="Elsewhere"),
        role=Role.APPROVER,
    )

    response = client_of(stranger).post(reviews_url(listing), BODY, format="json")

    assert response.status_code == 403
    assert "Elsewhere has no subscription" in response.json()["errors"][0]["detail"]
    assert api_client.post(reviews_url(listing), BODY, format="json").status_code in (
        401,
        403,
    )
    assert not Review.objects.exists()


def test_a_buyer_that_uses_the_solution_reviews_it_once(used, client_of, api_client):
    listing, buyer = used

    response = client_of(buyer).post(reviews_url(listing), BODY, format="json")

    assert response.status_code == 201, response.json()
    review = response.json()
    assert review["stars"] == 4
    assert review["verified_purchase"] is True
    assert review["deployment"] == BODY["deployment"]
    assert review["organization"]["name"] == buyer.organization.name
    assert review["organization"]["buyer_type"] == "municipal"
    assert review["organization"]["region"] == "CN"
    assert review["reply"] is None
    # Anyone reads it, and the listing's rating is this review.
    listed = api_client.get(reviews_url(listing)).json()
    assert [item["id"] for item in listed["results"]] == [review["id"]]
    detail = api_client.get(f"/api/v1/listings/{listing.slug}/").json()
    assert (detail["rating"], detail["rating_count"]) == (4.0, 1)
    assert detail["rating_distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}

    colleague = MembershipFactory(organization=buyer.organization, role=Role.REQUESTER)
    again = client_of(colleague).post(reviews_url(listing), BODY, format="json")

    assert again.status_code == 409
    assert again["Location"].endswith(f"/api/v1/reviews/{review['id']}/")
    assert again["Location"] in again.json()["errors"][0]["detail"]
    assert Review.objects.count() == 1


def test_the_name_is_shown_only_if_the_organization_agrees(used, client_of):
    listing, buyer = used

    response = client_of(buyer).post(
        reviews_url(listing), {**BODY, "show_organization": False}, format="json"
    )

    assert response.json()["organization"]["name"] is None
    assert response.json()["organization"]["buyer_type"] == "municipal"


def test_bad_input_answers_400_naming_the_field(used, client_of):
    listing, buyer = used
    body = {**BODY, "stars": 6, "deployment": {**BODY["deployment"], "city": ""}}

    response = client_of(buyer).post(reviews_url(listing), body, format="json")

    assert response.status_code == 400
    assert {error["attr"] for error in response.json()["errors"]} == {
        "stars",
        "deployment.city",
    }


def test_the_organization_edits_its_review_and_others_cannot(used, client_of):
    listing, buyer = used
    review = client_of(buyer).post(reviews_url(listing), BODY, format="json").json()
    other = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER),
        role=Role.APPROVER,
    )

    refused = client_of(other).patch(review["url"], {"stars": 1}, format="json")
    changed = client_of(buyer).patch(
        review["url"], {"stars": 2, "deployment": {"months_in_use": 20}}, format="json"
    )

    assert refused.status_code == 403
    assert changed.status_code == 200, changed.json()
    assert changed.json()["stars"] == 2
    assert changed.json()["deployment"]["months_in_use"] == 20
    assert changed.json()["title"] == BODY["title"]
    listing.refresh_from_db()
    assert listing.rating_distribution["2"] == 1


def test_the_list_is_sorted_as_asked_and_paged(api_client):
    listing = PlanFactory().listing
    now = timezone.now()
    old_five = ReviewFactory(listing=listing, stars=5, created_at=now - timedelta(3))
    helpful_three = ReviewFactory(
        listing=listing, stars=3, created_at=now - timedelta(2)
    )
    new_one = ReviewFactory(listing=listing, stars=1, created_at=now - timedelta(1))
    for _ in range(2):
        review_vote(UserFactory(), helpful_three)
    review_vote(UserFactory(), old_five)

    def order(sort: str) -> list[int]:
        response = api_client.get(reviews_url(listing), {"sort": sort})
        return [item["id"] for item in response.json()["results"]]

    assert order("newest") == [new_one.pk, helpful_three.pk, old_five.pk]
    assert order("helpful") == [helpful_three.pk, old_five.pk, new_one.pk]
    assert order("lowest") == [new_one.pk, helpful_three.pk, old_five.pk]
    first = api_client.get(reviews_url(listing), {"sort": "helpful"}).json()
    assert first["results"][0]["helpful_count"] == 2
    bad = api_client.get(reviews_url(listing), {"sort": "best"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"] == "sort"

    paged = api_client.get(reviews_url(listing), {"page_size": 2}).json()
    assert paged["count"] == 3
    assert len(paged["results"]) == 2
    assert "page=2" in paged["next"]


def test_the_vendor_replies_once(used, client_of, api_client_for, api_client):
    listing, buyer = used
    review = client_of(buyer).post(reviews_url(listing), BODY, format="json").json()
    vendor_user = vendor_member(listing.vendor)
    vendor = api_client_for(vendor_user, listing.vendor.organization)
    other_vendor_user = vendor_member(PlanFactory().listing.vendor)
    other_vendor = api_client_for(
        other_vendor_user, other_vendor_user.memberships.get().organization
    )
    url = f"{review['url']}reply/"

    assert other_vendor.post(url, {"text": "Hello"}, format="json").status_code == 403
    replied = vendor.post(url, {"text": "Thank you for the details."}, format="json")
    again = vendor.post(url, {"text": "And again."}, format="json")

    assert replied.status_code == 200
    assert replied.json()["reply"]["text"] == "Thank you for the details."
    assert again.status_code == 400
    shown = api_client.get(reviews_url(listing)).json()["results"][0]
    assert shown["reply"]["text"] == "Thank you for the details."


def test_anyone_signed_in_reports_a_review_once(used, client_of):
    listing, buyer = used
    review = ReviewFactory(listing=listing)
    url = f"/api/v1/reviews/{review.pk}/report/"

    first = client_of(buyer).post(url, {"reason": "Names a person."}, format="json")
    second = client_of(buyer).post(url, {"reason": "Again."}, format="json")
    empty = client_of(buyer).post(url, {"reason": ""}, format="json")

    assert (first.status_code, second.status_code, empty.status_code) == (
        201,
        200,
        400,
    )
    assert ReviewReport.objects.get().reason == "Names a person."


def test_a_hidden_review_leaves_the_list_and_the_rating(api_client):
    listing = PlanFactory().listing
    kept = ReviewFactory(listing=listing, stars=5)
    hidden = ReviewFactory(listing=listing, stars=1)

    review_hide(PlatformMemberFactory(), hidden, "Insults the vendor's staff.")

    listed = api_client.get(reviews_url(listing)).json()
    assert [item["id"] for item in listed["results"]] == [kept.pk]
    assert api_client.get(f"/api/v1/reviews/{hidden.pk}/").status_code == 404
    detail = api_client.get(f"/api/v1/listings/{listing.slug}/").json()
    assert (detail["rating"], detail["rating_count"]) == (5.0, 1)
    assert detail["rating_distribution"]["1"] == 0


def test_helpful_votes_count_once_and_not_from_the_reviewer(used, client_of):
    listing, buyer = used
    review = client_of(buyer).post(reviews_url(listing), BODY, format="json").json()
    reader = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER)
    )
    url = f"{review['url']}helpful/"

    assert client_of(buyer).post(url).status_code == 403
    client_of(reader).post(url)
    voted = client_of(reader).post(url)
    assert voted.json() == {"review": review["id"], "helpful_count": 1, "voted": True}
    taken_back = client_of(reader).delete(url)
    assert taken_back.json()["helpful_count"] == 0


def test_a_listing_without_reviews_has_no_rating(api_client):
    listing = PlanFactory().listing

    detail = api_client.get(f"/api/v1/listings/{listing.slug}/").json()
    listed = api_client.get(reviews_url(listing)).json()

    assert (detail["rating"], detail["rating_count"]) == (None, 0)
    assert detail["rating_distribution"] == {str(n): 0 for n in range(1, 6)}
    assert listed["count"] == 0


def test_search_hits_carry_the_distribution(api_client):
    review = ReviewFactory(stars=3)
    get_backend().rebuild()

    hits = api_client.get("/api/v1/listings/").json()["results"]

    hit = next(hit for hit in hits if hit["slug"] == review.listing.slug)
    assert (hit["rating"], hit["rating_count"]) == (3.0, 1)
    assert hit["rating_distribution"]["3"] == 1
