"""axe-core (from npm) checks each page against WCAG 2.1 A and AA in Chromium."""

import json
from pathlib import Path

import pytest

from accounts.roles import Role
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, exclude: tuple[str, ...] = ()) -> list[dict]:
    """WCAG violations on the page, leaving out the elements `exclude` selects (only
    content that is not ours, such as Stripe's card fields)."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci`.")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async ([tags, exclude]) => await axe.run("
        "{include: [document], exclude: exclude.map((s) => [s])}, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [WCAG, list(exclude)],
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def assert_accessible(page, path: str, exclude: tuple[str, ...] = ()) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    violations = axe_violations(page, exclude)
    assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"


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
def test_public_pages_pass_the_accessibility_scan(page, path):
    assert_accessible(page, path)


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/account/organization/members/",
        "/account/api-keys/",
        "/account/organization/new/",
    ],
)
def test_account_pages_pass_the_accessibility_scan(page, login, path):
    login(MembershipFactory(role=Role.APPROVER, is_admin=True).user)

    assert_accessible(page, path)


def test_forms_with_errors_pass_the_accessibility_scan(page):
    page.goto("/account/signup/")
    page.get_by_role("button", name="Sign up").click()

    assert page.locator(".usa-error-message").count() >= 3
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["zh-hans", "ja"])
def test_translated_home_page_passes_the_accessibility_scan(page, language):
    page.goto("/")
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Change").click()

    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []


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
def test_catalog_pages_pass_the_accessibility_scan(page, catalog, path):
    assert_accessible(page, path)


def test_vendor_storefront_passes_the_accessibility_scan(page, catalog):
    assert_accessible(page, f"/vendors/{catalog[0].vendor.organization.slug}/")


def test_vendor_portal_pages_pass_the_accessibility_scan(page, login, catalog):
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
    ):
        assert_accessible(page, path)


def test_search_pages_pass_the_accessibility_scan(page, login, catalog):
    from search.backends import get_backend

    get_backend("database").rebuild()
    assert_accessible(page, "/search/?q=manhole")
    assert_accessible(page, "/search/?q=manhoel")
    assert_accessible(page, "/search/?q=nothing-like-this")
    login(MembershipFactory(role=Role.REQUESTER).user)
    assert_accessible(page, "/search/?q=manhole&vendor=x")
    assert_accessible(page, "/search/saved/")
