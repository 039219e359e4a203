"""On a phone (390 px wide) every page of a buyer's way — home, a category, a
listing, a search, a comparison, Select, a package, a quote and an order — fits the
screen: nothing scrolls sideways, the cards of a category show a picture with a text
alternative, tables of totals stay readable (Japanese headers too), and axe finds
nothing serious."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import OrganizationKind, Role
from marketplace.models import ListingImage, Plan
from marketplace.pages import SelectPage
from search.backends import get_backend
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import OrderFactory, PackageLineFactory, QuoteFactory
from tests.factories.catalog import (
    CategoryFactory,
    ImageFactory,
    VendorFactory,
    published_listing,
)
from tests.factories.curation import EndorsementFactory, PromotionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("site")]

PHONE = {"width": 390, "height": 844}

# The elements wider than the screen, for the message of a failed check.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      let scrolled = false;
      for (let up = element.parentElement; up; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowX;
        if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") {
          scrolled = true;
          break;
        }
      }
      if (!scrolled) wide.push(`${element.tagName.toLowerCase()}.${element.className}`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    wide: wide.slice(0, 8),
  };
}"""

# Table headers whose text is broken after every character (one character a line).
BROKEN_HEADERS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll("main th")) {
    const text = th.innerText.trim();
    if ([...text].length < 2 || !th.offsetParent) continue;
    const range = document.createRange();
    range.selectNodeContents(th);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (lines.size >= [...text].length) broken.push(text);
  }
  return broken;
}"""


@pytest.fixture
def catalog(site):
    """Two solutions of a kind, with long names and a sale, one of them in Select
    (whose storefront page exists), pictured as on the demo store: one by an image
    of its own, the other by its vendor's logo."""
    site.add_child(instance=SelectPage(title="Select", slug="select"))
    manholes = CategoryFactory()
    plans = [
        Plan(
            code="STD",
            name="Standard per-cover monitoring subscription",
            billing="monthly",
            unit="device",
            unit_price=560,
            min_quantity=100,
        )
    ]
    guard = published_listing(
        title="Manhole Guard NB-IoT cover tilt and water-level sensor",
        slug="manhole-guard",
        category=manholes,
        plans=plans,
        images=[
            ListingImage(
                image=ImageFactory(),
                caption="A sensor under a manhole cover",
                sort_order=0,
            )
        ],
    )
    sense = published_listing(
        title="Cover Sense LoRaWAN smart manhole monitoring platform",
        slug="cover-sense",
        category=manholes,
        vendor=VendorFactory(logo=ImageFactory(file__width=256, file__height=256)),
    )
    EndorsementFactory(listing=guard)
    PromotionFactory(
        plan=guard.plans.get(), ends_at=timezone.now() + timedelta(hours=30)
    )
    return [guard, sense]


@pytest.fixture
def buyer(catalog):
    """A county's approver with a package of both solutions, a quote of it and an
    order."""
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    approver = MembershipFactory(organization=county, role=Role.APPROVER)
    quote = QuoteFactory(
        organization=county,
        requested_by=approver.user,
        lines=[(catalog[0].plans.get(), 200), (catalog[1].plans.get(), 12)],
        approved_by=approver.user,
    )
    package = quote.package
    PackageLineFactory(package=package, plan=catalog[1].plans.get(), quantity=3)
    order = OrderFactory(organization=county, lines=[(catalog[1].plans.get(), 5)])
    return {
        "user": approver.user,
        "package": package,
        "quote": quote,
        "order": order,
    }


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def problems(phone, path: str, axe_violations=None) -> list:
    """What is wrong with the page at `path` on the phone: its status if not 200,
    what is wider than the screen, what axe finds serious or critical."""
    response = phone.goto(path)
    if response.status != 200:
        return [(path, response.status)]
    found = []
    measured = phone.evaluate(OVERFLOWING)
    if measured["scrollWidth"] > measured["clientWidth"]:
        found.append((path, measured))
    if axe_violations is not None:
        found.extend(
            (path, violation)
            for violation in axe_violations()
            if violation["impact"] in ("serious", "critical")
        )
    return found


def test_public_pages_fit_a_phone(phone, catalog, axe_violations):
    get_backend("database").rebuild()
    found: list = []
    for path in (
        "/",
        "/categories/smart-manholes/",
        "/solutions/manhole-guard/",
        "/search/?q=manhole",
        "/compare/?listing=manhole-guard&listing=cover-sense",
        "/select/",
    ):
        found.extend(problems(phone, path, axe_violations))

    assert found == []


def test_every_card_of_a_category_shows_a_picture_with_a_text_alternative(
    phone, catalog
):
    phone.goto("/categories/smart-manholes/")
    cards = phone.locator("main .usa-card-group > .usa-card")

    assert cards.count() == 2
    for index in range(cards.count()):
        alts = [
            (image.get_attribute("alt") or "").strip()
            for image in cards.nth(index).locator("img").all()
        ]
        assert any(alts), cards.nth(index).inner_text()


def test_a_buyers_pages_fit_a_phone(phone, login, buyer, axe_violations):
    login(buyer["user"])
    found: list = []
    for path in (
        f"/packages/{buyer['package'].pk}/",
        f"/quotes/{buyer['quote'].pk}/",
        f"/orders/{buyer['order'].pk}/",
    ):
        found.extend(problems(phone, path, axe_violations))

    assert found == []


def test_japanese_table_headers_keep_their_words_together(
    phone, login, buyer, live_server
):
    login(buyer["user"])
    phone.context.add_cookies(
        [{"name": "django_language", "value": "ja", "url": live_server.url}]
    )
    found: list = []
    for path in (
        f"/packages/{buyer['package'].pk}/",
        f"/quotes/{buyer['quote'].pk}/",
        f"/orders/{buyer['order'].pk}/",
        "/solutions/manhole-guard/",
        "/compare/?listing=manhole-guard&listing=cover-sense",
    ):
        found.extend(problems(phone, path))
        assert phone.locator("html").get_attribute("lang") == "ja", path
        if broken := phone.evaluate(BROKEN_HEADERS):
            found.append((path, broken))

    assert found == []


def test_on_a_phone_search_results_come_before_the_folded_filters(phone, catalog):
    get_backend("database").rebuild()
    phone.goto("/search/?q=manhole")
    first = phone.locator("main .usa-collection__item").first

    # The first result is on the first screen; the filters wait behind "Filters".
    assert first.bounding_box()["y"] < PHONE["height"]
    assert not phone.get_by_role("button", name="Apply filters").is_visible()
    phone.locator(".agora-filters > summary").click()
    assert phone.get_by_role("button", name="Apply filters").is_visible()


def test_on_a_wide_screen_the_filters_stay_open_beside_the_results(page, catalog):
    get_backend("database").rebuild()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/search/?q=manhole")

    assert page.get_by_role("button", name="Apply filters").is_visible()
