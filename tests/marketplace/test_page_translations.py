"""The editorial pages (home, Select, collections, case study) in three languages:
translated with wagtail-localize, served at the same addresses in the reader's
language, and an untranslated page shown in its own language rather than missing."""

import re

import pytest
from wagtail.models import GroupPagePermission, Locale, Page

from accounts.roles import Role
from marketplace.demo.curation import seed_curation
from marketplace.demo.pages_i18n import translate_pages
from marketplace.pages import CaseStudyPage, CollectionPage, HomePage, SelectPage
from tests.factories.accounts import PlatformMemberFactory

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    """The page's first heading, with its attributes."""
    match = re.search(r"<h1[^>]*>.*?</h1>", response.content.decode(), re.S)
    assert match, response.content.decode()[:500]
    return match.group(0)


@pytest.fixture
def pages():
    seed_curation()
    assert translate_pages() == 2 * 6  # home, Select, 3 collections, 1 case study
    return HomePage.objects.get(locale=Locale.get_default())


def test_each_language_reads_the_pages_in_its_own(pages, client):
    japanese = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert '<html lang="ja"' in japanese.content.decode()
    assert heading(japanese) == (
        '<h1 id="hero-title">実績あるソリューションを一つずつ選んで、'
        "スマートシティを構成</h1>"
    )
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "组合出您的智慧城市" in heading(chinese)
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Compose your smart city" in heading(english)

    # The same addresses, the pages below the home page too.
    select = client.get("/select/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert heading(select) == "<h1>Select 严选</h1>"
    assert "城市内涝预警" in select.content.decode()  # a collection's title
    assert "青云县智慧井盖建设" in select.content.decode()  # the case study's
    story = client.get("/select/smart-manholes-qingyun/", HTTP_ACCEPT_LANGUAGE="ja")
    assert heading(story) == "<h1>青雲県のスマートマンホール導入事例</h1>"
    assert "街路灯" in story.content.decode()  # a solution's role, translated
    collection = client.get("/select/flood-early-warning/", HTTP_ACCEPT_LANGUAGE="ja")
    assert heading(collection) == "<h1>浸水の早期警報</h1>"


def test_a_page_not_yet_translated_is_shown_in_its_own_language(pages, client):
    select = SelectPage.objects.get(locale=Locale.get_default())
    new = select.add_child(
        instance=CollectionPage(
            title="Quiet streets at night",
            slug="quiet-streets",
            intro="Dimmable street lights for residential districts.",
            body=[("text", "<p>Start with one street.</p>")],
        )
    )
    new.save_revision().publish()

    listed = client.get("/select/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<a class="usa-link" href="/select/quiet-streets/" lang="en">' in listed
    page = client.get("/select/quiet-streets/", HTTP_ACCEPT_LANGUAGE="ja")
    assert page.status_code == 200
    assert heading(page) == '<h1 lang="en">Quiet streets at night</h1>'
    assert client.get("/select/no-such-page/").status_code == 404
    assert (
        client.get("/select/no-such-page/", HTTP_ACCEPT_LANGUAGE="ja").status_code
        == 404
    )


def test_curators_edit_the_translations(pages, client):
    curator = PlatformMemberFactory(role=Role.CURATOR)
    japanese = HomePage.objects.get(locale__language_code="ja")
    assert GroupPagePermission.objects.filter(
        page=japanese,
        group__in=curator.groups.all(),
        permission__codename="publish_page",
    ).exists()
    client.force_login(curator)

    story = CaseStudyPage.objects.get(locale__language_code="zh-hans")
    editor = client.get(f"/cms/pages/{story.pk}/edit/")
    assert editor.status_code == 200
    assert "青云县智慧井盖建设" in editor.content.decode()
    # Every translated tree is whole: its pages list their subpages.
    for home in HomePage.objects.all():
        assert [page.slug for page in home.get_children()] == ["select"]
        assert len(Page.objects.get(pk=home.pk).get_descendants()) == 5
