"""The compare page and the ways to it, without JavaScript: checkboxes on category
pages and search results, "Compare with others" on a listing, columns added and
removed, the rows where the solutions differ, and "Add to package" under each
column."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from accounts.roles import Role
from marketplace.models import Package, PackageLine, Plan
from search.backends import get_backend
from tests.factories import MembershipFactory
from tests.factories.buying import PackageFactory
from tests.factories.catalog import CategoryFactory, VendorFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(review):
    """Three manhole monitors of three vendors and a water probe; the monitors
    differ in vendor and SLA, and are all deployed the same way."""
    manholes = CategoryFactory()
    water = CategoryFactory(slug="water-quality", name="Water quality")
    return [
        published_listing(
            title=title,
            slug=slug,
            vendor=VendorFactory(organization__name=vendor),
            category=category,
            sla_uptime=sla,
            summary=f"{title}: sensors for {category.name.lower()}.",
        )
        for title, slug, vendor, category, sla in (
            ("Manhole Guard", "manhole-guard", "Lanxin IoT", manholes, "99.90"),
            ("Cover Sense", "cover-sense", "Xinglian", manholes, "99.95"),
            ("Lid Watch", "lid-watch", "Lvyuan", manholes, "99.90"),
            ("Aqua Probe", "aqua-probe", "Baishui", water, "99.90"),
        )
    ]


def compare_url(*slugs: str, **params: str) -> str:
    return "/compare/?" + urlencode(
        [*(("listing", slug) for slug in slugs), *params.items()]
    )


def column_titles(html: str) -> list[str]:
    return re.findall(r'class="usa-link agora-compare__title"[^>]*>([^<]+)<', html)


def row_headers(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", header).strip()
        for header in re.findall(r'<th scope="row">(.*?)</th>', html, re.S)
    ]


@pytest.fixture
def composer(buyer_org, client):
    user = MembershipFactory(organization=buyer_org, role=Role.REQUESTER).user
    client.force_login(user)
    return user


# Ways to the compare page


def test_a_category_page_ticks_solutions_into_one_get_form(client, listings):
    html = client.get("/categories/smart-manholes/").content.decode()

    assert '<form id="compare-form" method="get" action="/compare/"></form>' in html
    for slug in ("manhole-guard", "cover-sense", "lid-watch"):
        assert (
            f'type="checkbox" name="listing" value="{slug}" form="compare-form"' in html
        )
    assert 'type="submit" form="compare-form"' in html
    assert "Compare selected (up to 4)" in html
    assert 'data-compare-count="Compare (#)"' in html


def test_search_results_tick_solutions_into_the_compare_form(client, listings):
    get_backend().rebuild()

    html = client.get("/search/", {"q": "manhole"}).content.decode()

    assert '<form id="compare-form" method="get" action="/compare/"></form>' in html
    assert 'name="listing" value="manhole-guard" form="compare-form"' in html
    assert 'name="listing" value="aqua-probe"' not in html
    assert "Compare Manhole Guard" in html
    assert 'type="submit" form="compare-form"' in html


def test_compare_with_others_on_a_listing_offers_the_same_kind(client, listings):
    html = client.get("/solutions/manhole-guard/").content.decode()
    section = html[html.index('id="compare-others-heading"') :]
    form = section[: section.index("</form>")]

    assert '<input type="hidden" name="listing" value="manhole-guard">' in form
    assert 'name="listing" value="cover-sense"' in form
    assert 'name="listing" value="lid-watch"' in form
    assert "aqua-probe" not in form


# The table


def test_the_solutions_are_shown_in_the_order_asked(client, listings):
    response = client.get(compare_url("lid-watch", "manhole-guard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert column_titles(html) == ["Lid Watch", "Manhole Guard"]
    assert "<caption>2 solutions side by side</caption>" in html
    assert (
        'role="region" aria-label="Solutions side by side (scrolls sideways)" '
        'tabindex="0"' in html
    )


def test_an_unknown_solution_is_named_and_the_others_shown(client, listings):
    response = client.get(compare_url("manhole-guard", "no-such-thing", "cover-sense"))

    html = response.content.decode()
    assert response.status_code == 200
    assert column_titles(html) == ["Manhole Guard", "Cover Sense"]
    assert "This solution is not on the store (any more): “no-such-thing”." in html


def test_too_many_solutions_show_the_first_four_and_say_so(client, listings):
    extra = [published_listing(title=f"Extra {n}", slug=f"extra-{n}") for n in range(2)]
    slugs = [listing.slug for listing in [*listings, *extra]]

    response = client.get(compare_url(*slugs, *(f"junk-{n}" for n in range(500))))

    html = response.content.decode()
    assert response.status_code == 200
    assert column_titles(html) == [
        "Manhole Guard",
        "Cover Sense",
        "Lid Watch",
        "Aqua Probe",
    ]
    assert "Compare up to 4 solutions at a time; the first 4 are shown." in html
    assert "The comparison shows up to 4 solutions: remove one to add another." in html


def test_each_column_links_to_the_comparison_without_it(client, listings):
    html = client.get(
        compare_url("manhole-guard", "cover-sense", "lid-watch")
    ).content.decode()

    remove = re.search(
        r'<a class="usa-link agora-compare__remove" href="([^"]+)" '
        r'aria-label="Remove Cover Sense from the comparison">Remove</a>',
        html,
    )
    assert remove is not None
    without = client.get(remove.group(1).replace("&amp;", "&")).content.decode()
    assert column_titles(without) == ["Manhole Guard", "Lid Watch"]


def test_rows_where_the_solutions_differ_are_marked(client, listings):
    html = client.get(compare_url("manhole-guard", "cover-sense")).content.decode()

    headers = row_headers(html)
    assert [header for header in headers if header.endswith(" differs")] == [
        "Vendor differs",
        "SLA uptime differs",
    ]
    assert {"Category", "Deployment", "Plans", "Regions served"} <= set(headers)
    assert html.count('<tr class="agora-compare__differs">') == 2
    assert "The solutions differ on 2 rows, marked “differs”." in html


def test_only_the_differences_can_be_shown_and_every_row_again(client, listings):
    url = compare_url("manhole-guard", "cover-sense", show="differences")

    html = client.get(url).content.decode()

    assert row_headers(html) == [
        "Vendor differs",
        "SLA uptime differs",
        "Add to package",
    ]
    assert "Only the 2 rows where the solutions differ are shown." in html
    every_row = compare_url("manhole-guard", "cover-sense").replace("&", "&amp;")
    assert f'href="{every_row}">Show every row</a>' in html


def test_one_solution_differs_from_nothing(client, listings):
    html = client.get(compare_url("manhole-guard", show="differences")).content.decode()

    assert "differs" not in html
    assert "Show only the differences" not in html
    assert "Deployment" in row_headers(html)


# Adding a column


def test_solutions_of_the_same_kind_are_offered_to_add(client, listings):
    html = client.get(compare_url("manhole-guard")).content.decode()
    form = html[html.index('for="add-comparable"') :]
    form = form[: form.index("</form>")]

    assert '<option value="cover-sense">Cover Sense by Xinglian</option>' in form
    assert '<option value="lid-watch">Lid Watch by Lvyuan</option>' in form
    assert "manhole-guard" not in form.split("<select")[1]
    assert "aqua-probe" not in form


def test_any_solution_can_be_found_and_added(client, listings):
    html = client.get(compare_url("manhole-guard", find="aqua")).content.decode()

    added = compare_url("manhole-guard", "aqua-probe").replace("&", "&amp;")
    assert (
        f'href="{added}" aria-label="Add Aqua Probe to the comparison">Add</a>' in html
    )
    assert "No other solution matches" not in html


def test_a_search_for_nothing_known_says_so(client, listings):
    html = client.get(compare_url("manhole-guard", find="zeppelin")).content.decode()

    assert "No other solution matches “zeppelin”." in html


# Add to package from a column


def test_anonymous_visitors_see_how_to_sign_in_to_add(client, listings):
    html = client.get(compare_url("manhole-guard", "cover-sense")).content.decode()

    next_url = urlencode({"next": compare_url("manhole-guard", "cover-sense")})
    assert f'href="/account/login/?{next_url}"' in html.replace("&amp;", "&")
    assert "Log in to add these solutions to a package" in html
    assert 'action="/compare/add/"' not in html


def test_a_composer_adds_a_columns_plan_to_a_package_and_stays(
    client, composer, buyer_org, listings
):
    package = PackageFactory(organization=buyer_org, name="Futian pilot")
    plan = listings[1].plans.get()
    url = compare_url("manhole-guard", "cover-sense")
    page = client.get(url).content.decode()
    assert 'action="/compare/add/"' in page
    assert f'<option value="{package.pk}">Futian pilot</option>' in page

    response = client.post(
        "/compare/add/",
        {
            "plan": plan.pk,
            "quantity": 12,
            "package": package.pk,
            "listing": ["manhole-guard", "cover-sense"],
        },
        follow=True,
    )

    line = PackageLine.objects.get()
    assert (line.package, line.plan, line.quantity) == (package, plan, 12)
    assert response.redirect_chain[-1][0] == url
    assert "Cover Sense is in “Futian pilot”." in response.content.decode()


def test_a_column_can_start_a_new_package(client, composer, buyer_org, listings):
    plan = listings[0].plans.get()

    client.post(
        "/compare/add/",
        {
            "plan": plan.pk,
            "quantity": 10,
            "package": "new",
            "listing": ["manhole-guard"],
        },
    )

    package = Package.objects.get(organization=buyer_org)
    assert package.name == "Package with Manhole Guard"
    assert [line.plan for line in package.lines.all()] == [plan]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quantity": 0}, "Ensure this value is greater than or equal to 1."),
        ({"quantity": "many"}, "Enter a whole number."),
        ({"package": "other"}, "Choose one of your packages."),
        ({"plan": "unknown"}, "This plan is not offered any more."),
    ],
)
def test_a_refused_add_changes_nothing_and_says_why(
    client, composer, buyer_org, listings, data, message
):
    ours = PackageFactory(organization=buyer_org)
    theirs = PackageFactory(name="Not ours")
    sent = {
        "plan": listings[0].plans.get().pk,
        "quantity": 10,
        "package": ours.pk,
        "listing": ["manhole-guard", "cover-sense"],
        **data,
    }
    if sent["package"] == "other":
        sent["package"] = theirs.pk
    if sent["plan"] == "unknown":
        sent["plan"] = Plan.objects.order_by("pk").last().pk + 1

    response = client.post("/compare/add/", sent, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert column_titles(response.content.decode()) == ["Manhole Guard", "Cover Sense"]
    assert not PackageLine.objects.exists()


def test_a_hand_made_plan_id_is_a_bad_request(client, composer, listings):
    response = client.post(
        "/compare/add/", {"plan": "²", "quantity": 1, "package": "new"}
    )

    assert response.status_code == 400
    assert not Package.objects.exists()


def test_visitors_cannot_add_to_a_package(client, listings):
    response = client.post(
        "/compare/add/",
        {"plan": listings[0].plans.get().pk, "quantity": 1, "package": "new"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert not Package.objects.exists()
