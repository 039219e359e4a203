"""The curators' queue of reported reviews in the Wagtail admin: unsettled reports
first, hide and restore with a reason that is kept, and nobody else in."""

import pytest

from accounts.roles import Role
from reviews.models import Review
from reviews.services import review_keep, review_report
from tests.factories import MembershipFactory, PlatformMemberFactory, UserFactory
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported():
    """Two reported reviews: one whose report a curator settled, one still open."""
    settled = ReviewFactory(title="Settled already")
    review_report(UserFactory(), settled, "Off topic.")
    review_keep(PlatformMemberFactory(), settled, "On topic enough.")
    waiting = ReviewFactory(title="Names a person", stars=1)
    review_report(UserFactory(), waiting, "Names the vendor's engineer.")
    ReviewFactory(title="Never reported")
    return waiting


def test_the_queue_shows_unsettled_reports_first(client, reported):
    client.force_login(PlatformMemberFactory())

    html = client.get("/cms/reviews/").content.decode()

    assert html.index("Names a person") < html.index("Settled already")
    assert "Never reported" not in html
    assert "Reported reviews" in html


def test_a_curator_hides_and_restores_with_a_reason(client, reported):
    client.force_login(PlatformMemberFactory())
    url = f"/cms/reviews/{reported.pk}/"

    detail = client.get(url).content.decode()
    hidden = client.post(url, {"action": "hidden", "reason": "Names a person."})
    reported.refresh_from_db()
    listing = reported.listing
    listing.refresh_from_db()

    assert "Names the vendor&#x27;s engineer." in detail
    assert hidden.status_code == 302
    assert reported.hidden_at is not None
    assert listing.rating_count == 0
    assert not reported.reports.filter(settled_at__isnull=True).exists()

    restored = client.post(url, {"action": "restored", "reason": "Name removed."})
    history = client.get(url).content.decode()

    assert restored.status_code == 302
    assert Review.objects.get(pk=reported.pk).hidden_at is None
    assert "Names a person." in history
    assert "Name removed." in history


def test_a_decision_needs_a_reason(client, reported):
    client.force_login(PlatformMemberFactory())

    response = client.post(
        f"/cms/reviews/{reported.pk}/", {"action": "hidden", "reason": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    reported.refresh_from_db()
    assert reported.hidden_at is None


def test_nobody_but_curators_moderates(client, reported):
    url = f"/cms/reviews/{reported.pk}/"
    client.force_login(PlatformMemberFactory(role=Role.FINANCE))

    # The admin sends them back to its dashboard, saying they may not.
    assert client.get("/cms/reviews/")["Location"] == "/cms/"
    assert client.post(url, {"action": "hidden", "reason": "x"})["Location"] == "/cms/"

    client.force_login(MembershipFactory().user)
    assert client.post(url, {"action": "hidden", "reason": "x"}).status_code != 200
    reported.refresh_from_db()
    assert reported.hidden_at is None
