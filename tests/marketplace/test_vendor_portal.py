"""The vendor portal: drafts, edits with plans, preview, submission, comments."""

import re

import pytest

from accounts.roles import Role
from marketplace.models import Listing
from marketplace.selectors.catalog import listings_published
from tests.factories import MembershipFactory
from tests.factories.catalog import VendorFactory, published_listing, vendor_member

pytestmark = pytest.mark.django_db


def listing_form(category, **overrides) -> dict:
    data = {
        "listing-title": "Manhole Guard",
        "listing-category": category.pk,
        "listing-summary": "Tilt and water-level sensors.",
        "listing-description": "<p>IP68 <script>x</script></p>",
        "listing-tags": "nb-iot, flood",
        "listing-deployment_model": "hardware_plus_saas",
        "listing-regions": ["CN", "SG"],
        "listing-support_hours": "24x7",
        "listing-sla_uptime": "99.9",
        "plans-TOTAL_FORMS": "2",
        "plans-INITIAL_FORMS": "0",
        "plans-MIN_NUM_FORMS": "0",
        "plans-MAX_NUM_FORMS": "10",
        "plans-0-code": "std",
        "plans-0-name": "Standard",
        "plans-0-billing": "one_time",
        "plans-0-unit": "device",
        "plans-0-currency": "CNY",
        "plans-0-unit_price": "680.00",
        "plans-0-setup_fee": "0",
        "plans-0-min_quantity": "10",
        "plans-0-max_quantity": "",
        "plans-0-contract_term_months": "0",
        "plans-0-trial_days": "0",
        "plans-0-price_breaks_0_quantity": "500",
        "plans-0-price_breaks_0_price": "610.00",
        # The untouched extra form, as the browser sends it.
        "plans-1-code": "",
        "plans-1-name": "",
        "plans-1-billing": "monthly",
        "plans-1-unit": "device",
        "plans-1-currency": "CNY",
        "plans-1-unit_price": "",
        "plans-1-setup_fee": "0",
        "plans-1-min_quantity": "1",
        "plans-1-max_quantity": "",
        "plans-1-contract_term_months": "0",
        "plans-1-trial_days": "0",
        "plans-1-price_breaks_0_quantity": "",
        "plans-1-price_breaks_0_price": "",
    }
    data.update(overrides)
    return data


def test_a_vendor_drafts_completes_and_submits_through_the_portal(
    client, vendor, publisher, category, decide
):
    client.force_login(publisher)

    started = client.post(
        "/vendor/listings/new/", {"title": "Manhole Guard", "category": category.pk}
    )
    listing = Listing.objects.get()
    edited = client.post(f"/vendor/listings/{listing.pk}/", listing_form(category))
    preview = client.get(f"/vendor/listings/{listing.pk}/preview/")
    submitted = client.post(f"/vendor/listings/{listing.pk}/submit/")

    assert started.status_code == 302
    assert edited.status_code == 302, edited.context["form"].errors
    assert b"IP68" in preview.content and b"<script>" not in preview.content
    assert submitted.status_code == 302
    listing = Listing.objects.get()
    assert listing.status == "in_review"
    draft = listing.get_latest_revision_as_object()
    assert [(p.code, p.price_breaks) for p in draft.plans.all()] == [
        ("STD", [{"min_quantity": 500, "unit_price": 61000}])
    ]
    assert sorted(tag.name for tag in draft.tags.all()) == ["flood", "nb-iot"]
    decide(listing, "approve")
    assert listings_published().filter(pk=listing.pk).exists()


def test_the_portal_lists_own_listings_with_their_status(client, vendor, publisher):
    published_listing(vendor=vendor, title="Live One", slug="live-one")
    published_listing(vendor=VendorFactory(), title="Someone Else's", slug="other")
    client.force_login(publisher)

    html = client.get("/vendor/").content.decode()

    assert "Live One" in html and "Published" in html
    assert "Someone Else" not in html


def test_bad_plan_input_shows_errors_and_saves_nothing(
    client, vendor, publisher, category, review
):
    client.force_login(publisher)
    client.post(
        "/vendor/listings/new/", {"title": "Manhole Guard", "category": category.pk}
    )
    listing = Listing.objects.get()
    revisions = listing.revisions.count()

    response = client.post(
        f"/vendor/listings/{listing.pk}/",
        listing_form(category, **{"plans-0-price_breaks_0_price": "990.00"}),
    )

    assert response.status_code == 200
    assert "lower than the plan" in str(response.context["formset"].errors)
    assert listing.revisions.count() == revisions


def test_reviewers_comments_show_on_the_listing(
    client, vendor, publisher, category, decide
):
    client.force_login(publisher)
    client.post(
        "/vendor/listings/new/", {"title": "Manhole Guard", "category": category.pk}
    )
    listing = Listing.objects.get()
    client.post(f"/vendor/listings/{listing.pk}/", listing_form(category))
    client.post(f"/vendor/listings/{listing.pk}/submit/")
    decide(listing, "reject", comment="Add the IP68 report.")

    html = client.get(f"/vendor/listings/{listing.pk}/").content.decode()

    assert "Changes requested" in html
    assert "Add the IP68 report." in html


def test_another_vendors_listing_is_not_found_in_the_portal(client, vendor, publisher):
    other = published_listing(vendor=VendorFactory(), slug="other")
    client.force_login(publisher)

    assert client.get(f"/vendor/listings/{other.pk}/").status_code == 404
    assert client.post(f"/vendor/listings/{other.pk}/submit/").status_code == 404


def test_buyers_have_no_vendor_portal(client, review):
    client.force_login(MembershipFactory(role=Role.APPROVER).user)

    assert client.get("/vendor/").status_code == 403


def test_fulfilment_members_read_but_cannot_draft(client, vendor, category, review):
    client.force_login(vendor_member(vendor, Role.FULFILMENT))

    assert client.get("/vendor/").status_code == 200
    assert client.get("/vendor/listings/new/").status_code == 403


def png(name: str = "camera.png"):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (22, 46, 81)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_images_go_into_the_draft_and_wait_for_review(
    client, vendor, publisher, settings, tmp_path, form_as_sent
):
    settings.MEDIA_ROOT = tmp_path
    listing = published_listing(vendor=vendor, slug="live-one")
    url = f"/vendor/listings/{listing.pk}/"
    client.force_login(publisher)

    response = client.post(
        url,
        {
            **form_as_sent(client.get(url).content.decode()),
            "image-file": png(),
            "image-caption": "Camera on a lamp post",
        },
    )

    assert response.status_code == 302
    draft = Listing.objects.get(pk=listing.pk).get_latest_revision_as_object()
    assert [item.caption for item in draft.images.all()] == ["Camera on a lamp post"]
    assert listings_published().get(pk=listing.pk).images.count() == 0
    edit = client.get(f"/vendor/listings/{listing.pk}/").content.decode()
    assert 'alt="Camera on a lamp post"' in edit

    image_id = draft.images.all()[0].image_id
    client.post(
        url,
        {**form_as_sent(edit), "media-remove_images": str(image_id)},
    )
    draft = Listing.objects.get(pk=listing.pk).get_latest_revision_as_object()
    assert list(draft.images.all()) == []


def test_a_draft_image_is_stored_under_a_name_no_one_can_guess(
    client, vendor, publisher, settings, tmp_path, form_as_sent
):
    # Uploads are served as they are stored, from MEDIA_URL: the upload's own name
    # would let anyone fetch a draft's image before the curators have seen it.
    settings.MEDIA_ROOT = tmp_path
    listing = published_listing(vendor=vendor, slug="live-one")
    client.force_login(publisher)

    url = f"/vendor/listings/{listing.pk}/"
    for _ in range(2):
        client.post(
            url,
            {
                **form_as_sent(client.get(url).content.decode()),
                "image-file": png("secret-launch.png"),
                "image-caption": "Next year's model",
            },
        )

    draft = Listing.objects.get(pk=listing.pk).get_latest_revision_as_object()
    names = [item.image.file.name for item in draft.images.all()]
    assert len(names) == 2 and names[0] != names[1]
    assert all(re.fullmatch(r"original_images/[0-9a-f]{32}\.png", n) for n in names)
    edit = client.get(f"/vendor/listings/{listing.pk}/").content.decode()
    assert "secret-launch" not in edit


def test_a_file_that_is_not_an_image_is_refused(
    client, vendor, publisher, form_as_sent
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    listing = published_listing(vendor=vendor, slug="live-one")
    revisions = listing.revisions.count()
    url = f"/vendor/listings/{listing.pk}/"
    client.force_login(publisher)

    response = client.post(
        url,
        {
            **form_as_sent(client.get(url).content.decode()),
            "image-file": SimpleUploadedFile("x.png", b"not an image", "image/png"),
        },
    )

    assert "Upload a valid image." in response.content.decode()
    assert listing.revisions.count() == revisions


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("listing-description", "<p>" + "x" * 60_000 + "</p>"),
        ("listing-tags", ", ".join(f"tag-{n}" for n in range(5000))),
        ("listing-tags", "x" * 60),
    ],
)
def test_a_description_and_tags_past_their_limits_save_nothing(
    client, vendor, publisher, category, review, field, value
):
    client.force_login(publisher)
    client.post(
        "/vendor/listings/new/", {"title": "Manhole Guard", "category": category.pk}
    )
    listing = Listing.objects.get()
    revisions = listing.revisions.count()

    response = client.post(
        f"/vendor/listings/{listing.pk}/", listing_form(category, **{field: value})
    )

    assert response.status_code == 200
    assert field.removeprefix("listing-") in response.context["form"].errors
    assert listing.revisions.count() == revisions
