"""The reviews on a listing's page and the vendor portal, as plain forms: who sees
the form, writing and editing without JavaScript, votes, reports, replies, and
"No reviews yet" where there are none."""

import pytest
from django.contrib.messages import get_messages

from accounts.roles import OrganizationKind, Role
from reviews.models import Review, ReviewReport, ReviewVote
from reviews.services import review_hide
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlatformMemberFactory,
)
from tests.factories.catalog import PlanFactory, vendor_member
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db

FORM = {
    "stars": "2",
    "title": "Batteries die early",
    "text": "Half the sensors needed new batteries within a year.",
    "city": "Nanshan District, Shenzhen",
    "scale": "300 manhole sensors",
    "months_in_use": "13",
}


def page(client, listing) -> str:
    response = client.get(f"/solutions/{listing.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_listing_without_reviews_says_so_on_its_page_and_card(client):
    listing = PlanFactory().listing

    html = page(client, listing)
    card = client.get(f"/categories/{listing.category.slug}/").content.decode()

    assert "No reviews yet" in html
    assert "out of 5" not in html
    assert "No reviews yet" in card


def test_the_rating_and_its_distribution_are_shown(client):
    listing = PlanFactory().listing
    for stars in (5, 4, 4):
        ReviewFactory(listing=listing, stars=stars)

    html = page(client, listing)

    assert "4.3 out of 5 (3 reviews)" in html
    assert "How many reviews gave each number of stars" in html
    assert "67 %" in html
    assert "Verified purchase" not in html  # rows written without a subscription


def test_an_eligible_buyer_writes_a_review_without_javascript(client, used):
    listing, buyer = used
    client.force_login(buyer.user)

    assert "Write a review" in page(client, listing)
    response = client.post(f"/solutions/{listing.slug}/review/", FORM)

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#review-{review.pk}")
    html = page(client, listing)
    assert "Batteries die early" in html
    assert "Verified purchase" in html
    assert "Municipal" in html
    assert "2.0 out of 5 (1 review)" in html
    assert "Edit your organization's review" in html
    assert "Write a review" not in html


def test_errors_are_shown_beside_the_fields(client, used):
    listing, buyer = used
    client.force_login(buyer.user)

    response = client.post(
        f"/solutions/{listing.slug}/review/", {**FORM, "title": "", "stars": "9"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in html
    assert 'id="id_stars_error"' in html
    assert not Review.objects.exists()


def test_a_colleague_edits_the_organizations_review(client, used):
    listing, buyer = used
    client.force_login(buyer.user)
    client.post(f"/solutions/{listing.slug}/review/", FORM)
    colleague = MembershipFactory(organization=buyer.organization, role=Role.REQUESTER)
    client.force_login(colleague.user)

    form = client.get(f"/solutions/{listing.slug}/review/").content.decode()
    client.post(f"/solutions/{listing.slug}/review/", {**FORM, "stars": "5"})

    assert "Batteries die early" in form
    assert Review.objects.get().stars == 5
    listing.refresh_from_db()
    assert listing.rating_count == 1


def test_a_buyer_without_a_subscription_sees_why_and_cannot_post(client, used):
    listing, _buyer = used
    stranger = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER, name="Elsewhere"),
        role=Role.APPROVER,
    )
    client.force_login(stranger.user)

    html = page(client, listing)
    response = client.post(f"/solutions/{listing.slug}/review/", FORM)

    assert "Elsewhere has no subscription to it" in html
    assert "Write a review" not in html
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_a_reader_finds_a_review_helpful_and_reports_it(client):
    review = ReviewFactory()
    reader = MembershipFactory(
        organization=OrganizationFactory(kind=OrganizationKind.BUYER)
    )
    client.force_login(reader.user)
    back = f"/solutions/{review.listing.slug}/?reviews=helpful"

    assert "Was this helpful?" in page(client, review.listing)
    voted = client.post(f"/reviews/{review.pk}/helpful/", {"next": back})
    html = page(client, review.listing)
    reported = client.post(f"/reviews/{review.pk}/report/", {"reason": "Spam."})

    assert voted["Location"] == back
    assert ReviewVote.objects.filter(review=review, voter=reader.user).exists()
    assert "1 reader found this helpful." in html
    assert "You found this helpful." in html
    assert reported.status_code == 302
    assert ReviewReport.objects.get().reason == "Spam."
    messages = [str(m) for m in get_messages(reported.wsgi_request)]
    assert "Thank you: the curators will look at this review." in messages


def test_a_report_without_a_reason_shows_the_error(client):
    review = ReviewFactory()
    client.force_login(MembershipFactory().user)

    response = client.post(f"/reviews/{review.pk}/report/", {"reason": "  "})

    assert response.status_code == 200
    assert "usa-error-message" in response.content.decode()
    assert not ReviewReport.objects.exists()


def test_reviews_are_sorted_and_paged_by_links(client):
    listing = PlanFactory().listing
    for stars in [5] * 10 + [1]:
        ReviewFactory(listing=listing, stars=stars)

    newest = page(client, listing)
    lowest = client.get(
        f"/solutions/{listing.slug}/", {"reviews": "lowest"}
    ).content.decode()
    second = client.get(
        f"/solutions/{listing.slug}/", {"reviews_page": "2"}
    ).content.decode()

    assert "Page 1 of 2" in newest
    assert "1 star out of 5" in newest  # the newest is the one-star review
    assert "1 star out of 5" in lowest
    assert "1 star out of 5" not in second
    assert "?reviews=helpful#reviews" in newest


def test_the_vendor_sees_its_reviews_and_replies_once(client, used):
    listing, buyer = used
    client.force_login(buyer.user)
    client.post(f"/solutions/{listing.slug}/review/", FORM)
    review = Review.objects.get()
    client.force_login(vendor_member(listing.vendor))

    portal = client.get("/vendor/reviews/").content.decode()
    replied = client.post(
        f"/vendor/reviews/{review.pk}/reply/", {"text": "A new battery is on its way."}
    )
    again = client.post(f"/vendor/reviews/{review.pk}/reply/", {"text": "Twice."})

    assert "Rating of each listing, from its visible reviews" in portal
    assert "2.0 out of 5" in portal
    assert "Your public reply" in portal
    assert replied.status_code == 302
    assert again.status_code == 200
    review.refresh_from_db()
    assert review.reply == "A new battery is on its way."
    assert "A new battery is on its way." in page(client, listing)
    assert "Your public reply" not in client.get("/vendor/reviews/").content.decode()
    assert "/vendor/reviews/" in client.get("/vendor/").content.decode()


def test_the_vendor_portal_reviews_are_for_vendors(client, used):
    _listing, buyer = used
    client.force_login(buyer.user)

    assert client.get("/vendor/reviews/").status_code == 403


def test_a_hidden_review_leaves_the_page_and_the_rating(client):
    listing = PlanFactory().listing
    ReviewFactory(listing=listing, stars=5, title="Works well")
    hidden = ReviewFactory(listing=listing, stars=1, title="Rude words")

    review_hide(PlatformMemberFactory(), hidden, "Insults the vendor's staff.")

    html = page(client, listing)
    assert "Rude words" not in html
    assert "5.0 out of 5 (1 review)" in html
