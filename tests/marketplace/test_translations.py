"""Catalog content in three languages: what buyers read, what vendors write and how
it is reviewed, and what the API answers."""

import pytest

from marketplace.models import Capability, Listing
from marketplace.services.listings import listing_draft, listing_translate
from tests.factories.catalog import CategoryFactory, published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def manholes():
    category = CategoryFactory()
    category.translations = {
        "zh-hans": {
            "name": "智能井盖",
            "description": "井盖倾斜、水位和有害气体监测。",
        },
        "ja": {"name": "スマートマンホール"},
    }
    category.save()
    category.parent.translations = {"zh-hans": {"name": "市政设施"}}
    category.parent.save()
    return category


@pytest.fixture
def guard(manholes):
    return published_listing(
        title="Manhole Guard",
        slug="guard",
        category=manholes,
        summary="Tilt and water-level sensors for manhole covers.",
        translations={
            "zh-hans": {"title": "智慧井盖卫士", "summary": "井盖倾斜与水位传感器。"},
            "ja": {"title": "マンホールガード"},
        },
    )


def test_categories_answer_in_the_language_asked_for(client, manholes):
    body = client.get(
        "/api/v1/categories/", headers={"accept-language": "zh-hans"}
    ).json()
    section = body[0]
    assert section["name"] == "市政设施"
    assert section["children"][0]["name"] == "智能井盖"
    assert section["children"][0]["languages"] == {
        "name": "zh-hans",
        "description": "zh-hans",
    }
    # Japanese has a name but no description: the original, saying so.
    kind = client.get("/api/v1/categories/?lang=ja").json()[0]["children"][0]
    assert kind["name"] == "スマートマンホール"
    assert kind["languages"] == {"name": "ja", "description": "en"}


def test_an_unknown_language_is_refused_and_changes_nothing(client, manholes):
    response = client.get("/api/v1/categories/?lang=klingon")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "lang"


def test_a_listing_reads_in_japanese_and_falls_back_to_the_original(client, guard):
    body = client.get("/api/v1/listings/guard/?lang=ja").json()
    assert body["title"] == "マンホールガード"
    assert body["summary"] == "Tilt and water-level sensors for manhole covers."
    assert body["languages"]["title"] == "ja"
    assert body["languages"]["summary"] == "en"
    # The first version's field still says the Chinese name.
    assert body["title_local"] == "智慧井盖卫士"


def test_the_page_in_japanese_marks_the_untranslated_text(client, guard):
    client.cookies["django_language"] = "ja"
    page = client.get("/solutions/guard/").content.decode()
    assert "<h1" in page and "マンホールガード" in page
    # The summary has no Japanese: the English original, with its language.
    assert (
        '<span lang="en">Tilt and water-level sensors for manhole covers.</span>'
        in page
    )
    # Never the Chinese name on a Japanese page.
    assert "智慧井盖卫士" not in page


def test_capabilities_read_as_a_list_in_the_readers_language(client, guard):
    gateway = Capability.objects.create(
        name="NB-IoT gateway",
        slug="nb-iot-gateway",
        translations={"ja": {"name": "NB-IoT ゲートウェイ"}},
    )
    sso = Capability.objects.create(name="Single sign-on", slug="sso")
    guard.provides.set([gateway, sso])
    guard.save()

    client.cookies["django_language"] = "ja"
    page = client.get("/solutions/guard/").content.decode()
    assert 'NB-IoT ゲートウェイ、<span lang="en">Single sign-on</span>' in page


def test_a_vendor_translation_waits_for_review_on_a_live_listing(
    guard, django_user_model
):
    from accounts.roles import Role
    from tests.factories.catalog import vendor_member

    publisher = vendor_member(guard.vendor, Role.PUBLISHER)
    listing_translate(
        listing=guard,
        user=publisher,
        language="ja",
        texts={"summary": "マンホール蓋の傾きと水位を検知するセンサー。"},
        plans={"STD": {"name": "スタンダード"}},
    )
    guard.refresh_from_db()
    # Buyers still read the approved version…
    assert guard.translated("summary", "ja").lang == "en"
    # …while the draft holds the translation for the curators to review.
    draft = listing_draft(listing=guard)
    assert draft.translated("summary", "ja") == (
        "マンホール蓋の傾きと水位を検知するセンサー。"
    )
    assert draft.plans.all()[0].translated("name", "ja") == "スタンダード"
    assert guard.status == "published_with_changes"
    # Publishing the revision makes it public.
    draft.get_latest_revision().publish()
    assert Listing.objects.get(pk=guard.pk).translated("summary", "ja").lang == "ja"


def test_a_translation_into_the_originals_language_is_refused(guard):
    from django.core.exceptions import ValidationError

    from accounts.roles import Role
    from tests.factories.catalog import vendor_member

    publisher = vendor_member(guard.vendor, Role.PUBLISHER)
    with pytest.raises(ValidationError):
        listing_translate(
            listing=guard, user=publisher, language="en", texts={"title": "x"}
        )
    assert not Listing.objects.get(pk=guard.pk).has_unpublished_changes


def test_the_vendor_api_writes_and_reads_every_translation(client, manholes):
    from accounts.roles import Role
    from tests.factories.catalog import VendorFactory, vendor_member

    vendor = VendorFactory()
    publisher = vendor_member(vendor, Role.PUBLISHER)
    client.force_login(publisher)
    created = client.post(
        "/api/v1/vendor/listings/",
        {
            "title": "Cover Sense",
            "category": manholes.slug,
            "translations": {"ja": {"title": "カバーセンス"}},
            "plans": [
                {
                    "code": "STD",
                    "name": "Standard",
                    "billing": "monthly",
                    "unit": "device",
                    "unit_price": 1000,
                    "translations": {"zh-hans": {"name": "标准版"}},
                }
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["language"] == "en"
    assert body["translations"] == {"ja": {"title": "カバーセンス"}}
    assert body["plans"][0]["translations"] == {"zh-hans": {"name": "标准版"}}
    assert body["languages_missing"] == ["zh-hans", "ja"]
    refused = client.patch(
        f"/api/v1/vendor/listings/{body['id']}/",
        {"translations": {"fr": {"title": "Couvercle"}}},
        content_type="application/json",
    )
    assert refused.status_code == 400
