"""Give the demo catalog its pictures: each demo vendor a logo and its "about" text,
each demo listing an illustration of its kind of solution. They are drawn in
`marketplace.demo.illustrations`; nothing is fetched.

- A listing the catalog load adds gets its illustration as it is built
  (`Illustrations`: one image per kind and accent, shared), so it is part of the
  listing's first version.
- Logos and "about" texts (`seed_images`) go through the storefront service a
  vendor's owner uses in the vendor portal, and so does the illustration of a demo
  listing loaded before listings had images: the listing image upload, whose new
  version is then published as the curators' approval would.

Safe to run again: a vendor with a logo and a listing with an image are left as they
are, and so is a listing in review or with a vendor's changes waiting."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from accounts.models import Membership, User
from accounts.roles import Role
from accounts.services import membership_create
from marketplace.demo import catalog_data as data
from marketplace.demo.illustrations import accent_of, illustration_png, logo_png
from marketplace.models import Category, Listing, ListingImage
from marketplace.services.listings import listing_image_add
from vendors.models import Vendor
from vendors.services import vendor_profile_update

Progress = Callable[[int, int], None]


class Illustrations:
    """The illustrations of one catalog load: a Wagtail image per kind of solution
    and accent, drawn the first time a listing needs it and shared by the listings
    of that kind whose vendors take that accent (storing an image costs more than
    drawing it: a few dozen instead of one per listing keep the load quick). Stored
    under a random name, as an upload is."""

    def __init__(self) -> None:
        self._images: dict[tuple[int, int], AbstractImage] = {}

    def image(self, category: Category, vendor: Vendor) -> AbstractImage:
        accent = accent_of(vendor.organization.name)
        key = (category.pk, accent)
        if key not in self._images:
            self._images[key] = get_image_model().objects.create(
                title=f"{category.name} ({accent + 1})",
                file=ContentFile(
                    illustration_png(category.slug, accent),
                    name=f"{uuid.uuid4().hex}.png",
                ),
            )
        return self._images[key]

    def listing_images(self, category: Category, vendor: Vendor) -> list[ListingImage]:
        """What a new listing's `images` are set to."""
        return [ListingImage(image=self.image(category, vendor), sort_order=0)]


def vendor_owner(vendor: Vendor) -> User:
    """Who acts for a demo vendor: its first owner, or a demo owner made for it
    (who cannot sign in: the account has no password)."""
    membership = (
        Membership.objects.filter(
            organization_id=vendor.organization_id, role=Role.OWNER
        )
        .select_related("user")
        .order_by("created_at")
        .first()
    )
    if membership is not None:
        return membership.user
    user, created = User.objects.get_or_create(
        email=f"owner@{vendor.organization.slug}.vendors.agora.test",
        defaults={"first_name": "Demo", "last_name": "Owner"},
    )
    if created:
        user.set_unusable_password()
        # The demo's addresses are ours: nobody could follow a link sent to them.
        user.email_verified_at = timezone.now()
        user.save(update_fields=["password", "email_verified_at"])
    membership_create(organization=vendor.organization, user=user, role=Role.OWNER)
    return user


def _storefronts(vendors: list[Vendor], owners: dict[int, User]) -> int:
    """Each vendor without a logo gets its mark, and its description as its "about"
    text where it has none."""
    about = {spec["slug"]: spec["description"] for spec in data.VENDORS}
    added = 0
    for vendor in vendors:
        if vendor.logo_id is not None:
            continue
        name = vendor.organization.name
        with transaction.atomic():
            vendor_profile_update(
                vendor=vendor,
                user=owners[vendor.pk],
                about=vendor.about or about.get(vendor.organization.slug, ""),
                logo=ContentFile(logo_png(name), name="logo.png"),
            )
        added += 1
    return added


def _illustrate(listing: Listing, owner: User) -> bool:
    """Add the listing's illustration to its next version, and publish that version
    where the listing is live. False where the listing is left as it is."""
    if listing.workflow_in_progress or (
        listing.live and listing.has_unpublished_changes
    ):
        return False
    with transaction.atomic():
        listing_image_add(
            listing=listing,
            user=owner,
            file=ContentFile(
                illustration_png(
                    listing.category.slug, accent_of(listing.vendor.organization.name)
                ),
                name="illustration.png",
            ),
        )
        if listing.live:
            Listing.objects.get(pk=listing.pk).get_latest_revision().publish()
    return True


def seed_images(progress: Progress | None = None) -> dict[str, int]:
    """Add the pictures the demo catalog is missing; returns how many were added."""
    slugs = [spec["slug"] for spec in data.VENDORS]
    vendors = list(
        Vendor.objects.filter(organization__slug__in=slugs).select_related(
            "organization"
        )
    )
    owners = {vendor.pk: vendor_owner(vendor) for vendor in vendors}
    counts = {"logos": _storefronts(vendors, owners), "illustrations": 0}
    listings = list(
        Listing.objects.filter(vendor__in=vendors, suspended_at__isnull=True)
        .exclude(pk__in=ListingImage.objects.values("listing_id"))
        .select_related("vendor__organization", "category")
        .order_by("pk")
    )
    for done, listing in enumerate(listings, start=1):
        counts["illustrations"] += _illustrate(listing, owners[listing.vendor_id])
        if progress:
            progress(done, len(listings))
    return counts
