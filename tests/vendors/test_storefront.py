"""A vendor's storefront: its owners set the logo and the "about" text in the vendor
portal; buyers see them with its listings at /vendors/<slug>/."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.context_processors import SESSION_ORGANIZATION_KEY
from accounts.roles import Role
from tests.factories.catalog import VendorFactory, published_listing, vendor_member
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def vendor(db):
    return VendorFactory(
        organization__name="Lanxin IoT",
        organization__slug="lanxin-iot",
        regions_served=["CN", "HK"],
    )


def acting_for(client, vendor, role=Role.OWNER):
    user = vendor_member(vendor, role)
    client.force_login(user)
    session = client.session
    session[SESSION_ORGANIZATION_KEY] = vendor.organization_id
    session.save()
    return user


def png(width=256, height=256, name="logo.png", noise=False) -> SimpleUploadedFile:
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (22, 46, 81))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def save(client, **data):
    return client.post("/vendor/profile/", {"about": "", **data})


def test_an_owner_sets_the_logo_and_about_text_and_buyers_see_them(client, vendor):
    acting_for(client, vendor)
    published_listing(vendor=vendor, title="Manhole Guard")
    # The page states the limits the upload is held to.
    assert (
        "at least 64 × 64 pixels and at most 2.0"
        in client.get("/vendor/profile/").content.decode()
    )

    response = save(
        client,
        logo=png(),
        about="NB-IoT sensors for drainage operators in the Yangtze Delta.",
    )

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.logo is not None
    # Stored under a name nobody guesses, as listing images are.
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.png", vendor.logo.file.name)
    client.logout()
    html = client.get("/vendors/lanxin-iot/").content.decode()
    assert re.search(r'<img [^>]*class="agora-storefront__logo"', html)
    assert "NB-IoT sensors for drainage operators in the Yangtze Delta." in html
    assert 'class="usa-breadcrumb' in html
    assert re.search(r'aria-current="page"><span>Lanxin IoT</span>', html)
    assert "China" in html and "Hong Kong" in html
    assert "Manhole Guard" in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.png", b"not an image", "image/png"),
            "Upload a valid image",
        ),
        (
            SimpleUploadedFile(
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
                "image/svg+xml",
            ),
            "Not a supported image format",
        ),
        (png(32, 32), "at least 64 × 64 pixels"),
        (png(1000, 1000, noise=True), "A logo may be at most 2.0"),
    ],
    ids=["not-an-image", "svg", "too-small", "too-large"],
)
def test_a_bad_logo_is_refused_on_the_form(client, vendor, upload, message):
    acting_for(client, vendor)

    response = save(client, logo=upload, about="Kept while the logo is refused.")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "usa-error-message" in html
    assert "Kept while the logo is refused." in html
    vendor.refresh_from_db()
    assert vendor.logo is None and vendor.about == ""


def test_an_owner_removes_the_logo(client, vendor):
    acting_for(client, vendor)
    save(client, logo=png())

    save(client, remove_logo="on")

    assert Vendor.objects.get(pk=vendor.pk).logo is None


def test_other_members_read_the_storefront_settings_but_do_not_change_them(
    client, vendor
):
    acting_for(client, vendor, Role.PUBLISHER)

    page = client.get("/vendor/profile/").content.decode()
    response = save(client, about="Not mine to say.")

    assert "Only the vendor's owners change the storefront." in page
    assert response.status_code == 403
    assert Vendor.objects.get(pk=vendor.pk).about == ""


def test_the_storefront_settings_are_for_vendors(client):
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(role=Role.REQUESTER).user)

    assert client.get("/vendor/profile/").status_code == 403
