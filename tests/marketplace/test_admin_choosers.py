"""Curators pick listings and plans in the admin from searchable choosers, never by
typing a plan's code: a collection's line, an endorsement, a sale, a case study."""

import importlib
import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError

from marketplace.models import Endorsement, Plan, Promotion
from marketplace.pages import (
    CaseStudyListing,
    CaseStudyPage,
    CollectionPage,
    PackageItemBlock,
    SelectPage,
)
from marketplace.services import curation
from marketplace.services.pages import home_page_sync
from tests.factories.catalog import PlanFactory, published_listing

pytestmark = pytest.mark.django_db

PLAN_CHOOSER = "/cms/plan-chooser/"
LISTING_CHOOSER = "/cms/snippets/choose/marketplace/listing/"


@pytest.fixture
def listings(review):
    """Two published listings of two vendors, with two plans each."""
    guard = published_listing(title="Manhole Guard NB-IoT", slug="manhole-guard")
    PlanFactory(listing=guard, code="PLT", name="Monitoring platform")
    lamp = published_listing(title="Street Lamp Controller", slug="lamp-controller")
    PlanFactory(listing=lamp, code="PLT", name="Lamp platform")
    return guard, lamp


@pytest.fixture
def select_page(review):
    home = home_page_sync()
    return home.add_child(instance=SelectPage(title="Select", slug="select"))


def chosen_titles(response) -> list[str]:
    """The titles a chooser modal lists (its HTML comes inside JSON)."""
    html = response.json()["html"] if "json" in response["Content-Type"] else ""
    html = html or response.content.decode()
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<", html)


def test_the_plan_chooser_lists_the_plans_of_the_lines_listing(
    client, curator, listings
):
    guard, lamp = listings
    client.force_login(curator)

    of_guard = client.get(PLAN_CHOOSER, {"listing": guard.pk})
    searched = client.get(PLAN_CHOOSER + "results/", {"q": "lamp"})
    by_code = client.get(PLAN_CHOOSER + "results/", {"q": "plt"})

    assert sorted(chosen_titles(of_guard)) == sorted(
        str(plan) for plan in Plan.objects.filter(listing=guard)
    )
    assert chosen_titles(searched) == [
        str(plan) for plan in Plan.objects.filter(listing=lamp)
    ]
    assert client.get(PLAN_CHOOSER, {"listing": "x"}).status_code == 400
    assert sorted(chosen_titles(by_code)) == [
        "Manhole Guard NB-IoT — Monitoring platform",
        "Street Lamp Controller — Lamp platform",
    ]


def test_a_collection_line_takes_a_plan_of_its_own_listing(listings):
    guard, lamp = listings
    block = PackageItemBlock()
    wrong = block.to_python(
        {
            "listing": guard.pk,
            "plan": Plan.objects.filter(listing=lamp).first().pk,
            "quantity": 5,
        }
    )
    right = block.to_python(
        {
            "listing": guard.pk,
            "plan": Plan.objects.filter(listing=guard).first().pk,
            "quantity": 5,
        }
    )

    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(wrong)
    assert block.clean(right)["plan"] == Plan.objects.filter(listing=guard).first()
    assert "Manhole Guard NB-IoT has the plans" in str(
        refused.value.block_errors["plan"]
    )


def test_the_collection_editor_offers_choosers_not_a_plan_code(
    client, curator, listings, select_page
):
    guard, _lamp = listings
    plan = Plan.objects.get(listing=guard, code="PLT")
    page = select_page.add_child(
        instance=CollectionPage(
            title="Safe covers",
            slug="safe-covers",
            intro="Covers that report.",
            body=[
                (
                    "item",
                    {"listing": guard, "plan": plan, "quantity": 40, "note": ""},
                )
            ],
        )
    )
    client.force_login(curator)

    editor = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    shown = client.get(page.url).content.decode()

    assert "Plan code" not in editor
    assert PLAN_CHOOSER in editor
    assert LISTING_CHOOSER in editor
    assert "Monitoring platform" in shown
    assert page.lines()[0]["plan"] == plan


def test_listing_choosers_search_by_title(client, curator, listings):
    client.force_login(curator)

    found = client.get(LISTING_CHOOSER + "results/", {"q": "manhole"})

    assert chosen_titles(found) == ["Manhole Guard NB-IoT"]


def test_endorsements_and_sales_pick_from_choosers(client, curator, listings, review):
    guard, _lamp = listings
    criteria = curation.criteria_ensure()
    client.force_login(curator)

    endorsement_form = client.get("/cms/select/endorsements/new/").content.decode()
    client.post(
        "/cms/select/endorsements/new/",
        {
            "listing": guard.pk,
            "criteria": [criteria[0].pk],
            "rationale": "Two county deployments.",
            "expires_at": (timezone.now() + timedelta(days=200)).strftime(
                "%Y-%m-%d %H:%M"
            ),
        },
    )
    sale_form = client.get("/cms/select/sales/new/").content.decode()
    in_select = client.get(PLAN_CHOOSER, {"select": "1"})
    now = timezone.now()
    plan = Plan.objects.get(listing=guard, code="PLT")
    client.post(
        "/cms/select/sales/new/",
        {
            "plan": plan.pk,
            "percent_off": 10,
            "starts_at": now.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (now + timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
        },
    )

    assert LISTING_CHOOSER in endorsement_form
    assert '<select name="listing"' not in endorsement_form
    assert Endorsement.objects.get().listing == guard
    assert f"{PLAN_CHOOSER}?select=1" in sale_form
    assert sorted(chosen_titles(in_select)) == sorted(
        str(plan) for plan in Plan.objects.filter(listing=guard)
    )
    assert Promotion.objects.get().plan == plan


def test_the_sale_form_says_in_which_time_zone_its_times_are(client, curator):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(curator)
    profile.current_time_zone = "Asia/Shanghai"
    profile.save()
    client.force_login(curator)

    sale_form = client.get("/cms/select/sales/new/").content.decode()

    assert sale_form.count("Time zone: Asia/Shanghai.") == 2


def test_plan_codes_stored_before_become_plans(listings, select_page):
    """Collections saved with a plan's code read the plan after the migration."""
    guard, _lamp = listings
    plan = Plan.objects.get(listing=guard, code="PLT")
    page = select_page.add_child(
        instance=CollectionPage(title="Old", slug="old", intro="From before.", body=[])
    )
    raw = [
        {
            "type": "item",
            "id": "6d3c1a4e-0000-4000-8000-000000000001",
            "value": {"listing": guard.pk, "plan_code": "PLT", "quantity": 3},
        }
    ]
    CollectionPage.objects.filter(pk=page.pk).update(body=json.dumps(raw))
    revision = page.save_revision()
    revision.content["body"] = json.dumps(raw)
    revision.save()
    migration = importlib.import_module(
        "marketplace.migrations.0027_collection_plan_chooser"
    )

    migration.plan_codes_to_plans(apps, None)

    page = CollectionPage.objects.get(pk=page.pk)
    assert page.body[0].value["plan"] == plan
    assert page.get_latest_revision_as_object().body[0].value["plan"] == plan


def test_a_case_study_picks_its_solutions_from_the_listings_chooser(
    client, curator, listings, select_page
):
    guard, _lamp = listings
    story = CaseStudyPage(
        title="Covers in Qingyun",
        slug="qingyun",
        summary="Covers that report.",
        place="Qingyun",
        year=2025,
        body=[],
    )
    story.solutions.add(CaseStudyListing(listing=guard, role="Sensors"))
    select_page.add_child(instance=story)
    client.force_login(curator)

    editor = client.get(f"/cms/pages/{story.pk}/edit/").content.decode()

    assert LISTING_CHOOSER in editor
    assert 'name="solutions-0-listing"' in editor
    assert '<select name="solutions-0-listing"' not in editor
