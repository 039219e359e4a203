"""API v1 scaffolding: schema, docs, one error format, pagination."""

import pytest

from accounts.api_keys import api_key_create


@pytest.mark.django_db
def test_openapi_schema_describes_api_v1_only(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_browsable_docs_load_the_schema(client):
    response = client.get("/api/v1/docs/")
    # The page's script is a file of its own, for the Content-Security-Policy.
    script = client.get("/api/v1/docs/?script=")

    assert response.status_code == 200
    assert b'<script src="/api/v1/docs/?script="></script>' in response.content
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in script.content


@pytest.mark.django_db
def test_errors_share_one_format(api_client):
    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "not_authenticated",
                "detail": "Authentication credentials were not provided.",
                "attr": None,
            }
        ],
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_unknown_api_path_is_a_404(api_client, requester):
    api_client.force_authenticate(requester)

    response = api_client.get("/api/v1/me/api-keys/?page=9")

    assert response.status_code == 404
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_lists_paginate_with_page_and_page_size(api_client, requester):
    for n in range(3):
        api_key_create(user=requester, name=f"key {n}")
    api_client.force_authenticate(requester)

    first = api_client.get("/api/v1/me/api-keys/?page_size=2").json()
    second = api_client.get("/api/v1/me/api-keys/?page_size=2&page=2").json()

    assert first["count"] == 3
    assert [key["name"] for key in first["results"]] == ["key 2", "key 1"]
    assert first["next"].endswith("page=2&page_size=2")
    assert [key["name"] for key in second["results"]] == ["key 0"]
    assert second["next"] is None


@pytest.mark.django_db
def test_page_size_is_capped(api_client, requester):
    for n in range(101):
        api_key_create(user=requester, name=f"key {n}")
    api_client.force_authenticate(requester)

    body = api_client.get("/api/v1/me/api-keys/?page_size=500").json()

    assert body["count"] == 101
    assert len(body["results"]) == 100


@pytest.mark.django_db
def test_too_many_requests_answer_429_in_the_error_format(
    api_client, requester, monkeypatch
):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    api_client.force_authenticate(requester)

    statuses = [api_client.get("/api/v1/me/").status_code for _ in range(2)]
    response = api_client.get("/api/v1/me/")

    assert statuses == [200, 200]
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_docs_are_served_without_a_cdn(client):
    html = client.get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_the_openapi_schema_is_valid_and_warning_free(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yml"),
    )

    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/vendor/listings/{id}/submit/" in schema


@pytest.fixture
def buyer_api(api_client, requester, buyer_org):
    _key, secret = api_key_create(user=requester, name="k", organization=buyer_org)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api_client


def test_a_services_validation_error_names_its_field(buyer_api):
    response = buyer_api.post(
        "/api/v1/packages/", {"name": "Pilot", "budget": 0}, format="json"
    )
    line = buyer_api.post(
        f"/api/v1/packages/{response.json()['id']}/lines/",
        {"plan": 999, "quantity": 1},
        format="json",
    )

    assert line.status_code == 400
    assert line.json() == {
        "type": "validation_error",
        "errors": [
            {
                "code": "invalid",
                "detail": "This plan is not on the store.",
                "attr": "plan",
            }
        ],
    }


def test_malformed_json_is_a_400(buyer_api):
    response = buyer_api.post(
        "/api/v1/packages/", '{"name": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_a_body_too_large_is_a_413_and_changes_nothing(buyer_api, settings):
    from marketplace.models import Package

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = buyer_api.post("/api/v1/packages/", {"name": "x" * 200}, format="json")

    assert response.status_code == 413
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "request_too_large",
                "detail": "The request body is too large.",
                "attr": None,
            }
        ],
    }
    assert not Package.objects.exists()


def test_too_many_form_fields_are_a_400(buyer_api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    body = "&".join(f"field{n}=x" for n in range(10))

    response = buyer_api.post(
        "/api/v1/packages/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS" in response.json()["errors"][0]["detail"]


def test_a_services_conflict_is_a_409():
    from drf_standardized_errors.handler import exception_handler

    from config.api.exceptions import Conflict

    response = exception_handler(
        Conflict("This order is already paid."), {"view": None, "request": None}
    )

    assert response.status_code == 409
    assert response.data == {
        "type": "client_error",
        "errors": [
            {"code": "conflict", "detail": "This order is already paid.", "attr": None}
        ],
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/nope/", "/api/v1/packages/abc/", "/api/v1/me/x/y\n/"]
)
@pytest.mark.django_db
def test_any_unknown_api_path_is_a_json_404(api_client, path):
    for method in ("get", "post", "delete"):
        response = getattr(api_client, method)(path)

        assert response.status_code == 404, (method, path)
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_an_api_path_without_its_slash_is_redirected(api_client):
    response = api_client.get("/api/v1/categories?page=1")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/categories/?page=1"


@pytest.mark.django_db
def test_the_api_root_says_where_the_schema_and_the_docs_are(api_client):
    response = api_client.get("/api/v1/")

    assert response.status_code == 200
    assert response.json() == {
        "schema": "http://testserver/api/v1/schema/",
        "docs": "http://testserver/api/v1/docs/",
    }


@pytest.mark.django_db
def test_bare_array_lists_page_with_link_and_total_headers(buyer_api):
    for name in ("one", "two", "three"):
        buyer_api.post("/api/v1/packages/", {"name": name}, format="json")

    first = buyer_api.get("/api/v1/packages/?page_size=2")
    last = buyer_api.get("/api/v1/packages/?page_size=2&page=2")

    assert [package["name"] for package in first.json()] == ["three", "two"]
    assert first["X-Total-Count"] == "3"
    base = "http://testserver/api/v1/packages/"
    assert first["Link"] == (
        f'<{base}?page_size=2>; rel="first", '
        f'<{base}?page=2&page_size=2>; rel="next", '
        f'<{base}?page=2&page_size=2>; rel="last"'
    )
    assert [package["name"] for package in last.json()] == ["one"]
    assert last["Link"] == (
        f'<{base}?page_size=2>; rel="first", '
        f'<{base}?page_size=2>; rel="prev", '
        f'<{base}?page=2&page_size=2>; rel="last"'
    )


@pytest.mark.parametrize("page", ["9", "abc", "0"])
@pytest.mark.django_db
def test_a_bad_page_is_a_404_that_says_why(buyer_api, page):
    response = buyer_api.get(f"/api/v1/packages/?page={page}")

    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert error["code"] == "not_found"
    assert error["detail"].startswith(f"Invalid page “{page}”: ")


@pytest.fixture
def schema(client, db):
    return client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()


def test_the_schema_documents_paged_lists(schema):
    packages = schema["paths"]["/api/v1/packages/"]["get"]
    deliveries = schema["paths"]["/api/v1/vendor/deliveries/"]["get"]

    assert {"page", "page_size"} <= {p["name"] for p in packages["parameters"]}
    assert set(packages["responses"]["200"]["headers"]) == {"Link", "X-Total-Count"}
    bare = packages["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["components"]["schemas"][bare["$ref"].split("/")[-1]]["type"] == (
        "array"
    )
    paged = deliveries["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(
        schema["components"]["schemas"][paged["$ref"].split("/")[-1]]["properties"]
    ) == {"count", "next", "previous", "results"}


def test_the_schema_documents_facets_as_lists_of_values(schema):
    facets = schema["components"]["schemas"]["Facets"]

    assert facets["properties"]["protocol"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/FacetValue"},
    }


def test_the_schema_documents_the_errors_an_operation_can_answer(schema):
    def codes(path, method):
        return set(schema["paths"][path][method]["responses"])

    assert {"400", "401", "403", "404", "413"} <= codes("/api/v1/packages/", "post")
    assert "409" in codes("/api/v1/vendor/subscriptions/{id}/provisioning/", "post")
    assert "503" in codes("/api/v1/quotes/{id}/order/", "post")
    assert "403" not in codes("/api/v1/categories/", "get")
    assert "413" not in codes("/api/v1/packages/", "get")
