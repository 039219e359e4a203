"""The vendor listing editor in Chromium: the warning before leaving with unsaved
changes, and the filter over the regions."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories.catalog import published_listing, vendor_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(page, login, site):
    listing = published_listing(slug="manhole-guard")
    login(vendor_member(listing.vendor, Role.PUBLISHER))
    page.goto(f"/vendor/listings/{listing.pk}/")
    return page


def test_leaving_with_unsaved_changes_asks_first(editor):
    page = editor
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_label("Summary").fill("Typed, not saved.")
    page.get_by_role("link", name="Your listings").first.click()

    expect(page.get_by_label("Summary")).to_have_value("Typed, not saved.")
    assert dialogs == ["beforeunload"]


def test_saving_does_not_ask(editor):
    page = editor
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_label("Summary").fill("Saved this time.")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Your changes are saved as a draft.")).to_be_visible()
    assert dialogs == []


def test_the_region_filter_shows_the_matching_countries(editor):
    page = editor
    regions = page.get_by_role("group", name="Regions served")
    regions.get_by_label("Find a country or region").fill("singa")

    expect(regions.get_by_text("Singapore", exact=True)).to_be_visible()
    expect(regions.get_by_text("Germany", exact=True)).to_be_hidden()
    regions.get_by_text("Singapore", exact=True).click()
    south_east_asia = regions.locator("details", has_text="South-East Asia")
    expect(south_east_asia.get_by_text("(1 chosen)")).to_be_visible()


def test_the_editor_with_a_document_and_the_listing_page_pass_the_scan(
    editor, axe_violations, tmp_path, settings
):
    from marketplace.models import Listing

    settings.MEDIA_ROOT = tmp_path
    page = editor
    pdf = tmp_path / "datasheet.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.locator("input[name=document-file]").set_input_files(str(pdf))
    page.get_by_label("Document title").fill("Datasheet")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("link", name="Datasheet")).to_be_visible()
    assert axe_violations() == []

    Listing.objects.get(slug="manhole-guard").get_latest_revision().publish()
    page.goto("/solutions/manhole-guard/")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    assert axe_violations() == []


def test_the_editor_with_an_image_fits_a_phone(editor, tmp_path, settings):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    page = editor
    image = tmp_path / "camera.png"
    Image.new("RGB", (640, 400), (22, 46, 81)).save(image)
    page.locator("input[name=image-file]").set_input_files(str(image))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your changes are saved as a draft.")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
