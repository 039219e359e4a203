"""Bad input gets a clear error, never a 500: families of hand-made requests — values
no form offers, numbers past what a column or a quote's arithmetic holds, ids that
are not numbers, impossible dates, bodies too large or with too many fields — sent
to the API and to the pages' forms. Each is answered with the right 4xx (in the
API's error format under /api/) or a form error, and changes nothing."""

import json

import pytest
from django.test import Client

from accounts.roles import OrganizationKind, Role
from marketplace.limits import MAX_AMOUNT, MAX_PHASE, MAX_PRICE, MAX_QUANTITY
from marketplace.models import Package, PackageLine, Plan, Quote
from marketplace.services import packages as package_services
from marketplace.services import quotes as quote_services
from search.backends import get_backend
from search.saved import saved_search_create
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.catalog import published_listing, vendor_member

pytestmark = pytest.mark.django_db

HUGE = "9" * 20


@pytest.fixture
def world(client, api_client_for):
    """A published listing (one plan, 680.00 a device); a county's requester,
    signed in on `client` and with an API key, with a package of 10 of it and an
    approved quote of it; and the listing's vendor's owner with an API key."""
    county = OrganizationFactory(kind=OrganizationKind.BUYER, name="Riverside County")
    approver = MembershipFactory(organization=county, role=Role.APPROVER)
    requester = MembershipFactory(organization=county, role=Role.REQUESTER)
    listing = published_listing(title="Manhole Guard", slug="guard")
    plan = listing.plans.get()
    package = package_services.package_create(membership=requester, name="Pilot")
    line = package_services.package_line_add(
        membership=requester, package=package, plan_id=plan.pk, quantity=10
    )
    quote = quote_services.quote_create(membership=requester, package=package)
    Quote.objects.filter(pk=quote.pk).update(status="approved")
    saved = saved_search_create(
        membership=requester, name="Guards", querystring="q=guard"
    )
    owner = vendor_member(listing.vendor, Role.OWNER)
    client.force_login(requester.user)
    get_backend().rebuild()
    return {
        "client": client,
        "api": api_client_for(requester.user, county),
        "approver": approver,
        "vendor_api": api_client_for(owner, listing.vendor.organization),
        "listing": listing,
        "plan": plan,
        "package": package,
        "line": line,
        "quote": quote,
        "saved": saved,
    }


def lines_of(world) -> list[tuple[int, int, int]]:
    return list(
        PackageLine.objects.order_by("pk").values_list("plan", "quantity", "phase")
    )


def errors(response) -> dict[str, str]:
    return {error["attr"]: error["detail"] for error in response.json()["errors"]}


# Search: facet values no listing can have, and pages past what a search shows ------


@pytest.mark.parametrize(
    ("query", "facet", "allowed"),
    [
        ("deployment=cloud", "deployment", "saas, on_premise, hybrid"),
        ("billing=weekly", "billing", "one_time, monthly, annual"),
        ("billing=%3E", "billing", "one_time, monthly, annual"),
        ("price=cheap", "price", "0-1000, 1000-10000"),
        ("curated=maybe", "curated", "true, false"),
        ("rating=5", "rating", "4, 3"),
        ("region=Atlantis", "region", "ISO 3166-1"),
        ("category=%3E", "category", "slug"),
        ("vendor=a%20b", "vendor", "slug"),
    ],
)
def test_the_api_refuses_an_unknown_facet_value_naming_the_allowed_ones(
    world, query, facet, allowed
):
    response = world["api"].get(f"/api/v1/listings/?q=guard&{query}")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert allowed in errors(response)[facet]


def test_the_api_refuses_more_facet_values_than_a_search_takes(world):
    many = ",".join(f"vendor-{n}" for n in range(101))

    response = world["api"].get(f"/api/v1/listings/?vendor={many}")

    assert response.status_code == 400
    assert "vendor" in errors(response)


def test_a_known_slug_of_nothing_still_just_matches_nothing(world):
    response = world["api"].get("/api/v1/listings/?category=no-such-kind")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_search_page_ignores_an_unknown_facet_value_and_says_so(world):
    response = world["client"].get("/search/?q=guard&deployment=cloud&billing=%3E")

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 solution found" in html
    assert "Ignored: Deployment “cloud”; Billing “&gt;”." in html


@pytest.mark.parametrize("page", [HUGE, "501", "-1", "abc"])
def test_the_api_refuses_a_page_past_what_a_search_shows(world, page):
    response = world["api"].get(f"/api/v1/listings/?page={page}")

    assert response.status_code == 400
    assert "page" in errors(response)


def test_a_page_past_the_results_within_the_window_is_not_found(world):
    assert world["api"].get("/api/v1/listings/?page=500").status_code == 404


@pytest.mark.parametrize("page", [HUGE, "500", "3"])
def test_the_search_page_shows_the_last_page_for_a_page_past_the_end(world, page):
    response = world["client"].get(f"/search/?q=guard&page={page}")

    assert response.status_code == 200
    assert response.context["page"] == 1
    assert "Manhole Guard" in response.content.decode()


@pytest.mark.parametrize("bound", ["price_min", "price_max"])
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "-1"])
def test_price_bounds_are_whole_amounts_a_price_can_have(world, bound, value):
    response = world["api"].get(f"/api/v1/listings/?{bound}={value}")

    assert response.status_code == 400
    assert bound in errors(response)


# Quantities, phases, budgets and prices ---------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("quantity", MAX_QUANTITY + 1, "max_value"),
        ("quantity", 2**31, "max_value"),
        ("quantity", HUGE, "max_value"),
        ("phase", MAX_PHASE + 1, "max_value"),
        ("phase", 2**15, "max_value"),
        ("plan", HUGE, "max_value"),
        ("plan", "abc", "invalid"),
    ],
)
def test_the_api_bounds_a_line(world, field, value, code):
    before = lines_of(world)
    line = {"plan": world["plan"].pk, "quantity": 1, "phase": 1, field: value}

    response = world["api"].post(
        f"/api/v1/packages/{world['package'].pk}/lines/", line, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code
    assert response.json()["errors"][0]["attr"] == field
    assert lines_of(world) == before


@pytest.mark.parametrize("budget", [MAX_AMOUNT + 1, 2**63 - 1, int(HUGE)])
def test_the_api_bounds_a_budget(world, budget):
    response = world["api"].post(
        "/api/v1/packages/", {"name": "Rich", "budget": budget}, format="json"
    )

    assert response.status_code == 400
    assert errors(response).keys() == {"budget"}
    assert not Package.objects.filter(name="Rich").exists()


def test_a_line_that_makes_the_package_cost_more_than_a_quote_holds_is_refused(world):
    plan = published_listing(
        title="Gold Manhole",
        plans=[
            Plan(
                code="GOLD",
                name="Gold",
                billing="monthly",
                unit="device",
                unit_price=MAX_PRICE,
                contract_term_months=120,
            )
        ],
    ).plans.get()
    before = lines_of(world)

    response = world["api"].post(
        f"/api/v1/packages/{world['package'].pk}/lines/",
        {"plan": plan.pk, "quantity": MAX_QUANTITY},
        format="json",
    )

    assert response.status_code == 400
    assert "quantity" in errors(response)
    assert lines_of(world) == before


@pytest.mark.parametrize("phase", [MAX_PHASE + 1, HUGE])
def test_the_api_bounds_the_phase_released(world, phase):
    response = world["api"].post(
        f"/api/v1/quotes/{world['quote'].pk}/release/",
        {"phase": phase, "payment_method": "invoice"},
        format="json",
    )

    assert response.status_code == 400
    assert errors(response).keys() == {"phase"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit_price", MAX_PRICE + 1),
        ("setup_fee", MAX_PRICE + 1),
        ("min_quantity", MAX_QUANTITY + 1),
        ("max_quantity", MAX_QUANTITY + 1),
        ("unit_price", 2**63),
    ],
)
def test_the_api_bounds_a_plans_prices_and_quantities(world, field, value):
    plan = {
        "code": "BIG",
        "name": "Big",
        "billing": "monthly",
        "unit": "device",
        "unit_price": 100,
        field: value,
    }

    response = world["vendor_api"].patch(
        f"/api/v1/vendor/listings/{world['listing'].pk}/",
        {"plans": [plan]},
        format="json",
    )

    assert response.status_code == 400
    assert list(errors(response)) == [f"plans.0.{field}"]


@pytest.mark.parametrize(
    "data",
    [
        {"quantity": MAX_QUANTITY + 1},
        {"quantity": HUGE},
        {"phase": MAX_PHASE + 1},
        {"package": "abc"},
    ],
)
def test_adding_to_a_package_bounds_the_line(world, data):
    before = lines_of(world)
    form = {
        "plan": world["plan"].pk,
        "quantity": 1,
        "phase": 1,
        "package": world["package"].pk,
        **data,
    }

    response = world["client"].post("/packages/add/", form)

    assert response.status_code == 302
    assert lines_of(world) == before


@pytest.mark.parametrize(
    "data", [{"quantity": MAX_QUANTITY + 1}, {"quantity": HUGE}, {"phase": HUGE}]
)
def test_changing_a_line_bounds_it(world, data):
    before = lines_of(world)

    response = world["client"].post(
        f"/packages/{world['package'].pk}/lines/{world['line'].pk}/",
        {"quantity": 1, "phase": 1, **data},
    )

    assert response.status_code == 302
    assert lines_of(world) == before


@pytest.mark.parametrize("quantity", ["abc", HUGE, str(MAX_QUANTITY + 1), "-5"])
def test_buy_now_refuses_a_quantity_it_cannot_take(world, quantity):
    quotes = Quote.objects.count()

    response = world["client"].post(
        "/buy-now/", {"plan": world["plan"].pk, "quantity": quantity}
    )

    assert response.status_code == 302
    assert response["Location"] == "/solutions/guard/"
    assert Quote.objects.count() == quotes


@pytest.mark.parametrize("budget", ["9" * 30, "1e999", "NaN", "Infinity"])
def test_a_new_package_refuses_a_budget_it_cannot_hold(world, budget):
    response = world["client"].post("/packages/", {"name": "Rich", "budget": budget})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"budget"}
    assert not Package.objects.filter(name="Rich").exists()


def test_a_packages_settings_refuse_a_budget_it_cannot_hold(world):
    package = world["package"]

    response = world["client"].post(
        f"/packages/{package.pk}/settings/",
        {"package-name": "Rich", "package-budget": "9" * 30},
    )

    assert response.status_code == 302
    package.refresh_from_db()
    assert (package.name, package.budget) == ("Pilot", None)


# Ids that are not numbers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/packages/add/", {"plan": "abc", "quantity": 1, "package": "new"}),
        ("/packages/add/", {"plan": HUGE, "quantity": 1, "package": "new"}),
        ("/packages/add/", {"plan": "²", "quantity": 1, "package": "new"}),
        ("/buy-now/", {"plan": "abc", "quantity": 1}),
        ("/buy-now/", {}),
        ("/account/organization/switch/", {"organization": "abc"}),
        ("/account/organization/switch/", {"organization": HUGE}),
        ("{line}", {"action": "swap", "plan": "abc"}),
        ("{line}", {"action": "swap", "plan": "²"}),
        ("{line}", {"action": "swap"}),
        ("{saved}", {"package": "abc"}),
        ("{saved}", {"package": "²"}),
    ],
)
def test_a_form_refuses_an_id_that_is_not_a_number(world, path, data):
    path = path.format(
        line=f"/packages/{world['package'].pk}/lines/{world['line'].pk}/",
        saved=f"/search/saved/{world['saved'].pk}/package/",
    )
    before = lines_of(world)

    response = world["client"].post(path, data)

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert lines_of(world) == before


# Impossible dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    "since",
    [
        "2024-02-30T10:00:00",
        "2024-13-01T00:00:00",
        "2024-01-01T25:00:00",
        "0001-01-01T00:00:00+05:00",
        "yesterday",
    ],
)
def test_the_delivery_log_refuses_an_impossible_since(world, since):
    response = world["vendor_api"].get("/api/v1/vendor/deliveries/", {"since": since})

    assert response.status_code == 400
    assert errors(response).keys() == {"since"}


def test_the_delivery_log_takes_a_date_and_time_without_a_zone(world):
    response = world["vendor_api"].get(
        "/api/v1/vendor/deliveries/", {"since": "2024-02-03T10:00:00"}
    )

    assert response.status_code == 200


# Bodies and query strings the server does not take ---------------------------------


def many_fields(count: int = 1001) -> str:
    return "&".join(f"f{n}=1" for n in range(count))


def test_the_api_refuses_too_many_query_parameters_in_its_error_format(world):
    response = world["api"].get(f"/api/v1/listings/?{many_fields()}")

    assert response.status_code == 400
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == "parse_error"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{bad", "application/json", 400, "parse_error"),
        (many_fields(), "application/x-www-form-urlencoded", 400, "parse_error"),
        (
            json.dumps({"name": "x" * 3_000_000}),
            "application/json",
            413,
            "request_too_large",
        ),
        ("name=" + "x" * 3_000_000, "application/x-www-form-urlencoded", 413, None),
    ],
)
def test_the_api_refuses_a_body_it_cannot_read_in_its_error_format(
    world, body, content_type, status, code
):
    response = world["api"].generic(
        "POST", "/api/v1/packages/", body, content_type=content_type
    )

    assert response.status_code == status
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == (code or "request_too_large")
    assert Package.objects.count() == 1


def test_a_page_refuses_too_many_fields_with_a_bad_request_page(world):
    response = world["client"].generic(
        "POST",
        "/packages/",
        many_fields(),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_page_refuses_a_body_over_the_limit_with_a_too_large_page(world):
    response = world["client"].generic(
        "POST",
        "/packages/",
        "name=" + "x" * 3_000_000,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert Package.objects.count() == 1


def test_a_page_refuses_too_many_query_parameters_with_a_bad_request_page():
    response = Client().get(f"/search/?{many_fields()}")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


# Listings: descriptions and tags of a sane size ------------------------------------


@pytest.mark.parametrize(
    ("data", "attr"),
    [
        ({"description": "<p>" + "x" * 60_000 + "</p>"}, "description"),
        ({"tags": [f"tag-{n}" for n in range(5000)]}, "tags"),
        ({"tags": ["x" * 60]}, "tags.0"),
        (
            {
                "plans": [
                    {
                        "code": "A",
                        "name": "A",
                        "billing": "monthly",
                        "unit": "device",
                        "unit_price": 100,
                        "description": "x" * 5000,
                    }
                ]
            },
            "plans.0.description",
        ),
    ],
)
def test_the_api_bounds_a_listings_description_and_tags(world, data, attr):
    listing = world["listing"]
    revisions = listing.revisions.count()

    response = world["vendor_api"].patch(
        f"/api/v1/vendor/listings/{listing.pk}/", data, format="json"
    )

    assert response.status_code == 400
    assert attr in errors(response)
    assert listing.revisions.count() == revisions
