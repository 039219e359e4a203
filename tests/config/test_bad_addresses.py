"""An address holding a NUL character is refused with a clear 400, on every page
and endpoint, instead of reaching the database (which refuses to compare it)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/listings/?category=a%00b",
        "/api/v1/listings/?q=a%00b",
        "/api/v1/suggest/?q=a%00b",
        "/api/v1/listings/a%00b/",
    ],
)
def test_the_api_refuses_a_nul_character_in_its_own_error_shape(client, path):
    response = client.get(path)

    assert response.status_code == 400
    # The shape the schema gives a 400 an address cannot be read into.
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == "parse_error"
    assert "NUL character" in response.json()["errors"][0]["detail"]


@pytest.mark.parametrize(
    "path", ["/search/?q=a%00b", "/search/?category=a%00b", "/solutions/a%00b/"]
)
def test_a_page_refuses_a_nul_character_with_a_page_saying_why(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_an_ordinary_search_is_unaffected(client):
    assert client.get("/api/v1/listings/?q=manhole").status_code == 200
