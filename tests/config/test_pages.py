"""The site's pages: Wagtail home page, admin entry points, language switcher."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_has_landmarks_and_the_search_box(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="usa-skipnav" href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert "<header" in html and "<footer" in html
    assert 'role="search"' in html
    assert '<label class="usa-sr-only" for="site-search">' in html


def test_wagtail_admin_and_django_admin_are_mounted(client):
    assert client.get("/cms/login/").status_code == 200
    assert client.get("/django-admin/login/").status_code == 200


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh-hans", "按需组合"), ("ja", "アラカルトで構成")],
)
def test_the_language_switcher_translates_the_page(client, language, text):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get("/")

    assert response.status_code == 302
    assert f'<html lang="{language}"' in page.content.decode()
    assert text in page.content.decode()


def test_the_language_follows_the_browser(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")

    assert '<html lang="ja"' in page.content.decode()
