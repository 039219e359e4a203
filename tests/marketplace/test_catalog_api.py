"""API v1 catalog: categories, published listings, and the vendor's own listings."""

import re

import pytest

from accounts.api_keys import api_key_create
from accounts.roles import Role
from marketplace.models import Listing, Plan
from search.backends import get_backend
from tests.factories import MembershipFactory
from tests.factories.catalog import (
    CategoryFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _key, secret = api_key_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_categories_come_as_a_tree(api_client):
    CategoryFactory(slug="smart-manholes", name="Smart manholes")
    CategoryFactory(slug="water-quality", name="Water quality")

    body = api_client.get("/api/v1/categories/").json()

    assert [(node["slug"], node["name"]) for node in body] == [
        ("utilities", "Utilities")
    ]
    assert [child["slug"] for child in body[0]["children"]] == [
        "smart-manholes",
        "water-quality",
    ]
    assert body[0]["children"][0]["children"] == []


def test_listings_lists_published_listings_in_the_documented_shape(api_client, review):
    listing = published_listing(title="Manhole Guard", slug="manhole-guard")
    draft = published_listing(title="Other", slug="other")
    Listing.objects.filter(pk=draft.pk).update(live=False)
    get_backend().rebuild()

    body = api_client.get("/api/v1/listings/").json()

    assert body["count"] == 1
    assert body["suggestions"] == []
    assert body["facets"]["category"] == [
        {
            "value": "smart-manholes",
            "label": "Smart manholes",
            "count": 1,
            "selected": False,
        },
        {"value": "utilities", "label": "Utilities", "count": 1, "selected": False},
    ]
    assert body["results"] == [
        {
            "id": listing.pk,
            "slug": "manhole-guard",
            "title": "Manhole Guard",
            "title_local": "",
            "summary": "Sensors for manhole covers.",
            "language": "en",
            "languages": {"title": "en", "summary": "en"},
            "vendor": {
                "slug": listing.vendor.organization.slug,
                "name": listing.vendor.organization.name,
            },
            "category": {"slug": "smart-manholes", "name": "Smart manholes"},
            "curated": False,
            "price_from": {"amount": 68000, "currency": "CNY"},
            "price_basis": {
                "plan": "STD",
                "unit": "device",
                "billing": "one_time",
                "min_quantity": 1,
                "first_year_cost": {"amount": 68000, "currency": "CNY"},
            },
            "rating": None,
            "rating_count": 0,
            "rating_distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
            "highlight": None,
        }
    ]


def test_the_from_price_is_of_the_plan_with_the_lowest_first_year_cost(
    api_client, review
):
    # 5.60 a device a month for at least 10 devices costs 672.00 in its first year;
    # 300.00 a device once, 300.00: the "from" price is the one-time plan's, and says
    # so, as the cards of search results do.
    listing = published_listing(
        slug="gauges",
        plans=[
            Plan(
                code="M",
                name="Monthly",
                billing="monthly",
                unit="device",
                unit_price=560,
                min_quantity=10,
            ),
            Plan(
                code="O",
                name="Once",
                billing="one_time",
                unit="device",
                unit_price=30000,
            ),
        ],
    )
    get_backend().rebuild()

    body = api_client.get(f"/api/v1/listings/{listing.slug}/").json()
    page = api_client.get("/search/").content.decode()

    assert body["price_from"] == {"amount": 30000, "currency": "CNY"}
    assert body["price_basis"]["plan"] == "O"
    assert body["price_basis"]["first_year_cost"] == {
        "amount": 30000,
        "currency": "CNY",
    }
    assert "From CNY 300.00 per device, once" in re.sub(r"<[^>]+>", "", page)


def test_an_unknown_facet_value_is_refused_naming_the_values_it_takes(
    api_client, review
):
    published_listing(title="Manhole Guard", slug="manhole-guard")
    get_backend().rebuild()

    response = api_client.get("/api/v1/listings/?deployment=orbital&billing=hourly")

    assert response.status_code == 400
    assert {error["attr"]: error["detail"] for error in response.json()["errors"]} == {
        "deployment": "“orbital”: deployment takes saas, on_premise, hybrid, "
        "hardware_plus_saas.",
        "billing": "“hourly”: billing takes one_time, monthly, annual.",
    }


def test_listings_filter_by_section_category_and_vendor(api_client, review):
    manholes = published_listing(slug="a", category=CategoryFactory())
    water = published_listing(
        slug="b", category=CategoryFactory(slug="water-quality", name="Water quality")
    )
    get_backend().rebuild()

    by_section = api_client.get("/api/v1/listings/?category=utilities").json()
    by_kind = api_client.get("/api/v1/listings/?category=water-quality").json()
    by_vendor = api_client.get(
        f"/api/v1/listings/?vendor={manholes.vendor.organization.slug}"
    ).json()

    assert by_section["count"] == 2
    assert [r["slug"] for r in by_kind["results"]] == [water.slug]
    assert [r["slug"] for r in by_vendor["results"]] == [manholes.slug]


def test_listing_detail_has_its_plans(api_client, review):
    listing = published_listing(slug="manhole-guard")

    body = api_client.get("/api/v1/listings/manhole-guard/").json()

    plan = listing.plans.get()
    assert body["plans"] == [
        {
            "id": plan.pk,
            "code": "STD",
            "name": "Standard",
            "description": "",
            "languages": {"name": "en", "description": "en"},
            "billing": "one_time",
            "unit": "device",
            "unit_price": {"amount": 68000, "currency": "CNY"},
            "setup_fee": {"amount": 0, "currency": "CNY"},
            "min_quantity": 1,
            "max_quantity": None,
            "contract_term_months": 0,
            "trial_days": 0,
            "price_breaks": [],
            "sale": None,
        }
    ]
    assert body["regions"] == ["CN"]
    assert body["deployment_model"] == "hardware_plus_saas"


def test_drafts_are_not_in_the_public_api(
    api_client, vendor, publisher, category, review
):
    response = api_client.post(
        "/api/v1/vendor/listings/",
        {"title": "Secret Draft", "category": category.slug},
        format="json",
        **bearer(publisher),
    )
    slug = response.json()["slug"]
    api_client.credentials()

    assert api_client.get(f"/api/v1/listings/{slug}/").status_code == 404
    assert api_client.get("/api/v1/listings/").json()["count"] == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("category", "ca\x00t"),
        ("protocols", ["nb\x00iot"]),
        ("requires", [{"slug": "x"}]),
    ],
)
def test_a_relation_no_slug_can_name_is_refused_and_nothing_saved(
    api_client, vendor, publisher, category, field, value
):
    data = {"title": "Manhole Guard", "category": category.slug, field: value}
    response = api_client.post(
        "/api/v1/vendor/listings/", data, format="json", **bearer(publisher)
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"].startswith(field)
    assert not vendor.listings.exists()


def test_a_vendor_saves_a_draft_with_a_title_and_a_category(
    api_client, vendor, publisher, category, review
):
    response = api_client.post(
        "/api/v1/vendor/listings/",
        {"title": "Manhole Guard", "category": category.slug},
        format="json",
        **bearer(publisher),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["slug"] == "manhole-guard"
    assert body["vendor"] == {
        "slug": vendor.organization.slug,
        "name": vendor.organization.name,
    }
    assert "summary" in " ".join(body["missing_for_review"])


def test_a_vendor_completes_and_submits_a_listing(
    api_client, vendor, publisher, category, decide
):
    headers = bearer(publisher)
    created = api_client.post(
        "/api/v1/vendor/listings/",
        {"title": "Manhole Guard", "category": category.slug},
        format="json",
        **headers,
    ).json()

    early = api_client.post(
        f"/api/v1/vendor/listings/{created['id']}/submit/", **headers
    )
    patched = api_client.patch(
        f"/api/v1/vendor/listings/{created['id']}/",
        {
            "summary": "Tilt and water-level sensors.",
            "description": "<p>IP68</p>",
            "deployment_model": "hardware_plus_saas",
            "regions": ["CN"],
            "support_hours": "24x7",
            "plans": [
                {
                    "code": "std",
                    "name": "Standard",
                    "billing": "one_time",
                    "unit": "device",
                    "unit_price": 68000,
                },
            ],
        },
        format="json",
        **headers,
    )
    submitted = api_client.post(
        f"/api/v1/vendor/listings/{created['id']}/submit/", **headers
    )

    assert early.status_code == 400
    assert early.json()["type"] == "validation_error"
    assert patched.status_code == 200
    assert patched.json()["missing_for_review"] == []
    assert patched.json()["plans"][0]["code"] == "STD"
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "in_review"
    decide(Listing.objects.get(pk=created["id"]), "approve")
    assert api_client.get("/api/v1/listings/manhole-guard/").status_code == 200


def test_bad_input_is_refused_with_field_errors(
    api_client, publisher, review, category
):
    response = api_client.post(
        "/api/v1/vendor/listings/",
        {
            "title": "Manhole Guard",
            "category": "no-such-category",
            "regions": ["XX"],
            "plans": [
                {
                    "code": "S",
                    "name": "S",
                    "billing": "weekly",
                    "unit": "device",
                    "unit_price": -1,
                }
            ],
        },
        format="json",
        **bearer(publisher),
    )

    assert response.status_code == 400
    fields = {error["attr"] for error in response.json()["errors"]}
    assert {"category", "regions.0", "plans.0.billing", "plans.0.unit_price"} <= fields
    assert not Listing.objects.exists()


def test_another_vendors_listing_is_not_found(
    api_client, vendor, publisher, category, review
):
    own = api_client.post(
        "/api/v1/vendor/listings/",
        {"title": "Manhole Guard", "category": category.slug},
        format="json",
        **bearer(publisher),
    ).json()
    outsider = bearer(vendor_member(VendorFactory(), Role.OWNER))

    read = api_client.get(f"/api/v1/vendor/listings/{own['id']}/", **outsider)
    edit = api_client.patch(
        f"/api/v1/vendor/listings/{own['id']}/",
        {"title": "Mine now"},
        format="json",
        **outsider,
    )
    listed = api_client.get("/api/v1/vendor/listings/", **outsider).json()

    assert read.status_code == 404
    assert edit.status_code == 404
    assert listed["count"] == 0
    assert Listing.objects.get(pk=own["id"]).title == "Manhole Guard"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.OWNER,
            {"list": 200, "create": 201, "read": 200, "edit": 200, "submit": 400},
        ),
        (
            Role.PUBLISHER,
            {"list": 200, "create": 201, "read": 200, "edit": 200, "submit": 400},
        ),
        (
            Role.FULFILMENT,
            {"list": 200, "create": 403, "read": 200, "edit": 403, "submit": 403},
        ),
    ],
)
def test_vendor_roles_and_the_listing_endpoints(
    api_client, vendor, publisher, category, review, role, expected
):
    # A draft of the vendor's, incomplete, so a permitted submission answers 400.
    draft = api_client.post(
        "/api/v1/vendor/listings/",
        {"title": "Existing Draft", "category": category.slug},
        format="json",
        **bearer(publisher),
    ).json()
    headers = bearer(vendor_member(vendor, role))
    base = "/api/v1/vendor/listings/"

    statuses = {
        "list": api_client.get(base, **headers).status_code,
        "create": api_client.post(
            base, {"title": "New", "category": category.slug}, format="json", **headers
        ).status_code,
        "read": api_client.get(f"{base}{draft['id']}/", **headers).status_code,
        "edit": api_client.patch(
            f"{base}{draft['id']}/", {"summary": "x"}, format="json", **headers
        ).status_code,
        "submit": api_client.post(
            f"{base}{draft['id']}/submit/", **headers
        ).status_code,
    }

    assert statuses == expected


def test_buyers_and_anonymous_users_cannot_use_the_vendor_endpoints(
    api_client, category, review
):
    buyer = MembershipFactory(role=Role.APPROVER).user

    as_buyer = api_client.get("/api/v1/vendor/listings/", **bearer(buyer))
    api_client.credentials()
    anonymous = api_client.get("/api/v1/vendor/listings/")

    assert as_buyer.status_code == 403
    assert anonymous.status_code == 401


def test_null_and_wrong_items_of_a_list_are_documented_errors(
    api_client, vendor, publisher, category, review
):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    documented = [
        component["properties"]
        for name, component in schema["components"]["schemas"].items()
        if name.startswith("VendorListingsCreate") and name.endswith("ErrorComponent")
    ]

    response = api_client.post(
        "/api/v1/vendor/listings/",
        {
            "title": "Manhole Guard",
            "category": category.slug,
            "plans": [None, "Standard"],
            "reference_deployments": None,
        },
        format="json",
        **bearer(publisher),
    )

    assert response.status_code == 400
    errors = {(e["attr"], e["code"]) for e in response.json()["errors"]}
    assert errors == {
        ("plans.0", "null"),
        ("plans.1.non_field_errors", "invalid"),
        ("reference_deployments", "null"),
    }
    for attr, code in errors:
        assert any(
            (
                attr in props["attr"].get("enum", [])
                or re.fullmatch(props["attr"].get("pattern", "^$")[1:-1], attr)
            )
            and code in props["code"]["enum"]
            for props in documented
        ), (attr, code)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_submitting_takes_only_a_post(api_client, vendor, publisher, category, method):
    headers = bearer(publisher)
    created = api_client.post(
        "/api/v1/vendor/listings/",
        {"title": "Manhole Guard", "category": category.slug},
        format="json",
        **headers,
    ).json()

    response = getattr(api_client, method)(
        f"/api/v1/vendor/listings/{created['id']}/submit/", **headers
    )

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert Listing.objects.get(pk=created["id"]).status == "draft"
