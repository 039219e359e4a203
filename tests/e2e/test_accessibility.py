"""axe-core (from npm) checks each page against WCAG 2.1 A and AA in Chromium
(the `assert_accessible` and `axe_violations` fixtures)."""

import pytest

from accounts.roles import Role
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search/?q=manhole",
        "/account/login/",
        "/account/signup/",
        "/account/password-reset/",
    ],
)
def test_public_pages_pass_the_accessibility_scan(path, assert_accessible):
    assert_accessible(path)


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/account/organization/members/",
        "/account/api-keys/",
        "/account/organization/new/",
    ],
)
def test_account_pages_pass_the_accessibility_scan(login, path, assert_accessible):
    login(MembershipFactory(role=Role.APPROVER, is_admin=True).user)

    assert_accessible(path)


def test_forms_with_errors_pass_the_accessibility_scan(page, axe_violations):
    page.goto("/account/signup/")
    page.get_by_role("button", name="Sign up").click()

    assert page.locator(".usa-error-message").count() >= 3
    assert axe_violations() == []


@pytest.mark.parametrize("language", ["zh-hans", "ja"])
def test_translated_home_page_passes_the_accessibility_scan(
    page, language, axe_violations
):
    page.goto("/")
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Change").click()

    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations() == []


@pytest.fixture
def catalog(site):
    from tests.factories.catalog import CategoryFactory, published_listing

    manholes = CategoryFactory()
    return [
        published_listing(
            title="Manhole Guard", slug="manhole-guard", category=manholes
        ),
        published_listing(title="Cover Sense", slug="cover-sense", category=manholes),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/categories/utilities/",
        "/categories/smart-manholes/",
        "/solutions/manhole-guard/",
        "/compare/?listing=manhole-guard&listing=cover-sense",
    ],
)
def test_catalog_pages_pass_the_accessibility_scan(catalog, path, assert_accessible):
    assert_accessible(path)


def test_vendor_storefront_passes_the_accessibility_scan(catalog, assert_accessible):
    assert_accessible(f"/vendors/{catalog[0].vendor.organization.slug}/")


def test_vendor_portal_pages_pass_the_accessibility_scan(
    login, catalog, assert_accessible
):
    from accounts.roles import Role
    from tests.factories.catalog import vendor_member

    listing = catalog[0]
    login(vendor_member(listing.vendor, Role.OWNER))

    for path in (
        "/vendor/",
        "/vendor/listings/new/",
        f"/vendor/listings/{listing.pk}/",
        f"/vendor/listings/{listing.pk}/preview/",
        "/vendor/apply/",
        "/vendor/reviews/",
    ):
        assert_accessible(path)


def test_review_pages_pass_the_accessibility_scan(login, assert_accessible):
    from tests.factories.buying import SubscriptionFactory
    from tests.factories.catalog import vendor_member
    from tests.factories.reviews import ReviewFactory

    subscription = SubscriptionFactory(provisioned=True)
    listing = subscription.order_line.quote_line.listing
    for stars in (5, 2):
        ReviewFactory(listing=listing, stars=stars)
    buyer = MembershipFactory(
        organization=subscription.organization, role=Role.APPROVER
    )
    login(buyer.user)

    # The reviews with the form to write one, and the form on its own page.
    assert_accessible(f"/solutions/{listing.slug}/")
    assert_accessible(f"/solutions/{listing.slug}/review/")
    login(vendor_member(listing.vendor))
    assert_accessible("/vendor/reviews/")


def test_search_pages_pass_the_accessibility_scan(login, catalog, assert_accessible):
    from search.backends import get_backend

    get_backend("database").rebuild()
    assert_accessible("/search/?q=manhole")
    assert_accessible("/search/?q=manhoel")
    assert_accessible("/search/?q=nothing-like-this")
    login(MembershipFactory(role=Role.REQUESTER).user)
    assert_accessible("/search/?q=manhole&vendor=x")
    assert_accessible("/search/saved/")
