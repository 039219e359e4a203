"""An organization applies to sell; curators verify or reject it in the Wagtail
admin; only verified vendors can submit listings."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership
from tests.factories import UserFactory
from tests.factories.catalog import VendorFactory
from vendors.models import Vendor
from vendors.services import vendor_apply, vendor_reject, vendor_verify

pytestmark = pytest.mark.django_db

APPLICATION = {
    "name": "Lanxin IoT",
    "legal_name": "Hangzhou Lanxin IoT Technology Co., Ltd.",
    "registration_number": "91330100MA2H0LANX1",
    "region": "CN",
    "regions_served": ["CN", "SG"],
    "contact_email": "sales@lanxin.example",
    "contact_phone": "+86 571 0000 0000",
    "website": "https://lanxin.example",
}


def test_applying_makes_the_applicant_owner_of_an_unverified_vendor(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/vendor/apply/", APPLICATION)

    assert response.status_code == 302
    assert response["Location"] == "/vendor/"
    vendor = Vendor.objects.get()
    assert vendor.status == "applied"
    assert vendor.organization.kind == "vendor"
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.is_admin) == ("owner", True)
    assert client.get("/vendor/").status_code == 200


def test_a_registration_number_applies_once(review):
    VendorFactory(registration_number="91330100MA2H0LANX1")

    with pytest.raises(ValidationError, match="already exists"):
        vendor_apply(user=UserFactory(), **APPLICATION)

    assert Vendor.objects.count() == 1


def test_curators_verify_in_the_wagtail_admin(client, curator):
    vendor = vendor_apply(user=UserFactory(), **APPLICATION)
    client.force_login(curator)
    edit = f"/cms/snippets/vendors/vendor/edit/{vendor.pk}/"
    form = client.get(edit).context["form"]
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in ("regions_served",)
    }
    data["regions_served"] = ["CN", "SG"]
    data["status"] = "verified"

    response = client.post(edit, data)

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == "verified"
    assert vendor.verified_by == curator
    assert vendor.verified_at is not None


def test_a_rejection_needs_a_note(review, curator):
    vendor = vendor_apply(user=UserFactory(), **APPLICATION)

    with pytest.raises(ValidationError):
        vendor_reject(vendor=vendor, user=curator, note=" ")
    vendor_reject(vendor=vendor, user=curator, note="Registration number not found.")

    vendor.refresh_from_db()
    assert vendor.status == "rejected"
    assert vendor.decision_note == "Registration number not found."


def test_only_curators_verify(review):
    applicant = UserFactory()
    vendor = vendor_apply(user=applicant, **APPLICATION)

    with pytest.raises(PermissionDenied):
        vendor_verify(vendor=vendor, user=applicant)

    vendor.refresh_from_db()
    assert vendor.status == "applied"
