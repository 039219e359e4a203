"""Pictures in the catalog: listing images and vendor logos on cards, the listing
page, the comparison and the curated pages, at their own aspect ratio and with text
for people who cannot see them; and the pictures the demo catalog draws."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from accounts.roles import Role
from marketplace.demo.illustrations import illustration_png, initials, logo_png
from marketplace.models import Listing, ListingImage
from marketplace.services.listings import listing_image_add
from tests.factories.catalog import (
    ImageFactory,
    VendorFactory,
    published_listing,
    vendor_member,
)
from tests.factories.curation import EndorsementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def vendor(db):
    return VendorFactory(organization__name="Lanxin IoT")


def pictured(vendor, *, caption="", width=640, height=400, **fields):
    """A published listing whose first image is `width` x `height`."""
    image = ImageFactory(file__width=width, file__height=height)
    return published_listing(
        vendor=vendor,
        images=[ListingImage(image=image, caption=caption, sort_order=0)],
        **fields,
    )


class Images(HTMLParser):
    """The <img> elements of a page, each with its attributes and whether it is in a
    card."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[dict] = []
        self._cards = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li" and "usa-card" in (attributes.get("class") or "").split():
            self._cards += 1
        if tag == "img":
            self.found.append({**attributes, "in_card": self._cards > 0})

    def handle_endtag(self, tag):
        if tag == "li" and self._cards:
            self._cards -= 1


def card_images(html: str) -> list[dict]:
    return [image for image in Images(html).found if image["in_card"]]


def test_a_card_shows_the_listing_image_with_its_title_and_vendor_as_text(
    client, vendor
):
    pictured(vendor, title="Manhole Guard", slug="manhole-guard")

    [image] = card_images(client.get("/categories/smart-manholes/").content.decode())

    assert image["alt"] == "Manhole Guard by Lanxin IoT"
    assert image["loading"] == "lazy"
    # 16:10, as uploaded, with the room reserved before it loads.
    assert (image["width"], image["height"]) == ("320", "200")
    assert "640w" in image["srcset"] and "320w" in image["srcset"]


def test_a_caption_is_the_text_of_its_image(client, vendor):
    pictured(vendor, caption="A sensor under a cast-iron cover")

    [image] = card_images(client.get("/categories/smart-manholes/").content.decode())

    assert image["alt"] == "A sensor under a cast-iron cover"


def test_without_an_image_a_card_shows_the_vendor_logo(client, vendor):
    vendor.logo = ImageFactory(file__width=256, file__height=256)
    vendor.save()
    published_listing(vendor=vendor)

    [image] = card_images(client.get("/categories/smart-manholes/").content.decode())

    assert image["alt"] == "Logo of Lanxin IoT"
    assert image["width"] == image["height"]


def test_a_card_with_no_picture_at_all_has_no_image(client, vendor):
    published_listing(vendor=vendor)

    assert card_images(client.get("/categories/smart-manholes/").content.decode()) == []


def upload(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (22, 46, 81)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")


def rendition_sizes(client, url: str) -> list[tuple[int, int]]:
    """The pixel sizes of the files a page's images load."""
    from django.conf import settings

    html = client.get(url).content.decode()
    sizes = []
    for image in Images(html).found:
        if "/media/" not in image.get("src", ""):
            continue
        path = settings.MEDIA_ROOT / image["src"].split("/media/", 1)[1]
        with Image.open(path) as file:
            sizes.append(file.size)
    return sizes


@pytest.mark.parametrize(("width", "height"), [(640, 400), (400, 640)])
def test_an_upload_is_shown_at_its_own_aspect_ratio(
    client, vendor, review, width, height
):
    listing = published_listing(vendor=vendor, slug="manhole-guard")
    listing_image_add(
        listing=listing,
        user=vendor_member(vendor, Role.PUBLISHER),
        file=upload(width, height),
        caption="On the road",
    )
    # The curators approve the new version.
    Listing.objects.get(pk=listing.pk).get_latest_revision().publish()

    page = Images(client.get("/solutions/manhole-guard/").content.decode()).found
    [gallery] = [image for image in page if image.get("alt") == "On the road"]
    assert int(gallery["width"]) / int(gallery["height"]) == width / height
    for url in ("/solutions/manhole-guard/", "/categories/smart-manholes/"):
        sizes = rendition_sizes(client, url)
        assert sizes
        # The gallery keeps the whole picture; a card crops to 16:10 at most,
        # which a 640 x 400 upload already is. Nothing is stretched.
        for rendition_width, rendition_height in sizes:
            assert rendition_width <= width and rendition_height <= height
            if url.startswith("/solutions/") or width > height:
                assert rendition_width / rendition_height == pytest.approx(
                    width / height, abs=0.01
                )


def test_the_listing_page_shows_the_vendor_logo_beside_its_name(client, vendor):
    vendor.logo = ImageFactory(file__width=256, file__height=256)
    vendor.save()
    pictured(vendor, slug="manhole-guard")

    html = client.get("/solutions/manhole-guard/").content.decode()

    assert re.search(r'<img [^>]*class="agora-vendor-logo"', html)
    assert re.search(r"Vendor:\s*<a [^>]*>Lanxin IoT</a>", html)


def test_a_comparison_column_shows_the_picture(client, vendor):
    first = pictured(vendor, slug="manhole-guard")
    second = published_listing(vendor=VendorFactory(), slug="cover-sense")

    html = client.get(
        f"/compare/?listing={first.slug}&listing={second.slug}"
    ).content.decode()

    assert len(re.findall(r'class="agora-compare__picture', html)) == 1


def test_a_search_result_shows_the_picture(client, vendor):
    from search.backends import get_backend

    pictured(vendor, title="Manhole Guard")
    get_backend().rebuild()

    html = client.get("/search/?q=manhole").content.decode()

    assert re.search(
        r'<img [^>]*class="usa-collection__img agora-result-picture"', html
    )


def test_the_select_page_shows_pictures_on_its_cards(client, vendor):
    from marketplace.pages import SelectPage
    from marketplace.services.pages import home_page_sync

    select = home_page_sync().add_child(
        instance=SelectPage(title="Select", slug="select")
    )
    EndorsementFactory(listing=pictured(vendor, title="Manhole Guard"))

    images = card_images(client.get(select.url).content.decode())

    assert [image["alt"] for image in images] == ["Manhole Guard by Lanxin IoT"]


def test_a_page_of_cards_reads_its_pictures_in_a_fixed_number_of_queries(
    client, vendor
):
    def queries() -> int:
        client.get("/categories/smart-manholes/")  # makes the renditions
        with CaptureQueriesContext(connection) as captured:
            client.get("/categories/smart-manholes/")
        return len(captured)

    vendor.logo = ImageFactory(file__width=256, file__height=256)
    vendor.save()
    pictured(vendor)
    published_listing(vendor=vendor)
    few = queries()
    for _ in range(4):
        pictured(VendorFactory(logo=ImageFactory()))

    assert queries() == few


# The demo's pictures -----------------------------------------------------------------


def test_the_demo_draws_an_illustration_for_each_kind_and_a_logo_for_each_vendor():
    manhole = Image.open(io.BytesIO(illustration_png("smart-manholes")))
    logo = Image.open(io.BytesIO(logo_png("Lanxin IoT")))

    assert manhole.size == (640, 400) and logo.size == (256, 256)
    assert illustration_png("video-surveillance") != illustration_png("smart-manholes")
    # Vendors' accents tell listings of one kind apart.
    assert illustration_png("smart-manholes", 1) != illustration_png("smart-manholes")
    assert logo_png("Lanxin IoT") != logo_png("Tianshu Vision")
    assert [initials(name) for name in ("Lumen Urban Systems", "Lanxin IoT")] == [
        "LU",
        "LI",
    ]


def check_demo_pictures(client) -> None:
    """On the demo as `seed_demo` loads it (the slow test of test_demo_catalog,
    which loads it once for all its checks): every vendor has a logo and its about
    text, every published listing a picture, every card an image with a text
    alternative, and a second load adds nothing."""
    from marketplace.demo.images import seed_images
    from vendors.models import Vendor

    published = Listing.objects.filter(live=True)
    assert published.count() > 300
    assert not published.filter(images__isnull=True).exists()
    assert not Vendor.objects.filter(logo__isnull=True).exists()
    assert not Vendor.objects.filter(about="").exists()
    html = client.get("/categories/smart-manholes/").content.decode()
    cards = re.findall(r'<li class="usa-card', html)
    images = card_images(html)
    assert len(images) == len(cards) > 0
    assert all(image["alt"].strip() for image in images)
    # A second load adds nothing.
    assert seed_images() == {"logos": 0, "illustrations": 0}
