"""Small things a user notices: a label says "(optional)" once, a warning agrees
with its subject, the admin names the review decision taken, a card error is
explained in the buyer's language, and an initial password is shown once and
revealed on the record."""

import json
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.messages import get_messages

from accounts.roles import Role
from accounts.ui import Form
from marketplace.models import (
    AccessDisclosure,
    Capability,
    Listing,
    Package,
    PackageLine,
    Payment,
)
from marketplace.selectors.packages import package_summarize
from marketplace.services.listings import listing_create, listing_submit
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.buying import OrderFactory, PaymentFactory
from tests.factories.catalog import (
    PlanFactory,
    complete_listing_data,
    published_listing,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


# "(optional)" ------------------------------------------------------------------


class ContactForm(Form):
    phone = forms.CharField(label="Phone", required=False)
    fax = forms.CharField(label="Fax (optional)", required=False)
    email = forms.EmailField(label="E-mail")


def test_an_optional_field_says_so_once():
    html = ContactForm().render()
    labels = dict(
        re.findall(r'<label[^>]*for="id_(\w+)"[^>]*>(.*?)</label>', html, re.S)
    )

    assert labels["phone"].count("optional") == 1
    assert labels["fax"].count("optional") == 1
    assert "optional" not in labels["email"]


# "needs" -----------------------------------------------------------------------


def test_the_dependency_warning_agrees_with_how_many_need_it(review):
    gateway = Capability.objects.create(name="Payment gateway", slug="payment-gw")
    parking = published_listing(title="Parking Cloud")
    lanes = published_listing(title="Lane Kit")
    for listing in (parking, lanes):
        listing.requires.add(gateway)
        listing.save()
    buyer = OrganizationFactory()
    package = Package.objects.create(organization=buyer, name="Parking")
    PackageLine.objects.create(package=package, plan=parking.plans.get(), quantity=1)

    one = [w.message for w in package_summarize(package).warnings]
    PackageLine.objects.create(package=package, plan=lanes.plans.get(), quantity=1)
    two = [w.message for w in package_summarize(package).warnings]

    assert one == ["Parking Cloud needs Payment gateway, which no line provides."]
    assert two == [
        "Lane Kit, Parking Cloud need Payment gateway, which no line provides."
    ]


# "Changes requested" -----------------------------------------------------------


class _FormData(HTMLParser):
    """The values a browser would post from the page's main form."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id or self.inside
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input":
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "button", "file"):
                return
            self.data.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data.append((self._textarea, ""))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)


def edit_form_data(html: str) -> dict:
    parser = _FormData("w-editor-form")
    parser.feed(html)
    data: dict = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def test_the_admin_says_changes_were_requested(
    client, curator, vendor, publisher, category
):
    listing = listing_create(
        vendor=vendor,
        user=publisher,
        data=complete_listing_data(category, title="Manhole Guard In Review"),
    )
    listing_submit(listing=listing, user=publisher)
    client.force_login(curator)
    url = f"/cms/snippets/marketplace/listing/edit/{listing.pk}/"
    data = edit_form_data(client.get(url).content.decode())
    data.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": "Add a datasheet."}),
        }
    )

    response = client.post(url, data)

    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert response.status_code == 302, said
    assert len(said) == 1
    assert said[0].startswith(
        "Changes requested on “Manhole Guard In Review”. Its vendor is told what "
        "to change and submits it again."
    )
    assert "updated" not in said[0]
    assert Listing.objects.get(pk=listing.pk).status == "changes_requested"


# Card errors -------------------------------------------------------------------


@pytest.fixture
def card_order(client, buyer_org, approver):
    client.force_login(approver)
    return OrderFactory(
        organization=buyer_org, payment_method="card", lines=[(PlanFactory(), 3)]
    )


def test_card_details_the_provider_cannot_read_are_explained(
    client, localstripe, card_order
):
    # A token Stripe does not know: it answers a bare "Bad request"-like refusal.
    answer = client.post(
        f"/orders/{card_order.pk}/pay/", {"card_token": "tok_unreadable"}, **JSON
    ).json()

    assert answer["status"] == "failed"
    assert answer["message"].startswith("The card details were not accepted.")
    payment = Payment.objects.get(order=card_order)
    assert payment.failure_reason == answer["message"]


def test_a_raw_provider_message_is_never_the_reason(card_order):
    payment = PaymentFactory(
        order=card_order,
        status="failed",
        failure_code="something_new",
        failure_message="Bad request",
    )

    assert payment.failure_reason == (
        "The card was declined. Try another card, or ask your bank."
    )


def test_the_card_form_carries_its_explanations_in_the_buyers_language(
    client, localstripe, card_order
):
    page = client.get(
        f"/orders/{card_order.pk}/", HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    found = re.search(
        r'<script id="card-messages" type="application/json">(.*?)</script>',
        page,
        re.S,
    )

    assert found, "the card form has no explanations"
    messages = json.loads(found.group(1))
    assert {"invalid_request_error", "card_declined", "incomplete_number"} <= set(
        messages
    )
    assert "Bad request" not in page


# Initial passwords -------------------------------------------------------------


def test_an_initial_password_is_shown_once_then_revealed_on_the_record(
    client, provisioned, buyer_org, approver
):
    colleague = MembershipFactory(organization=buyer_org, role=Role.APPROVER).user
    url = f"/subscriptions/{provisioned.pk}/"
    client.force_login(approver)

    first = client.get(url)
    again = client.get(url).content.decode()
    client.force_login(colleague)
    other = client.get(url).content.decode()
    revealed = client.post(url + "access/reveal/")

    assert "s3cret-pass" in first.content.decode()
    assert first["Cache-Control"] == "no-store"
    for page in (again, other):
        assert "s3cret-pass" not in page
        assert "Reveal the password" in page
        assert "riverside-admin" in page
    assert "s3cret-pass" in revealed.content.decode()
    assert [(d.user, d.kind) for d in AccessDisclosure.objects.all()] == [
        (approver, "first_view"),
        (colleague, "revealed"),
    ]
    assert "Revealed by" in revealed.content.decode()
    # Revealing is a form, never a link.
    assert client.get(url + "access/reveal/").status_code == 405


def test_members_whose_role_hides_access_cannot_reveal(client, provisioned, buyer_org):
    outsider = MembershipFactory(
        organization=OrganizationFactory(), role=Role.APPROVER
    ).user
    client.force_login(outsider)

    response = client.post(f"/subscriptions/{provisioned.pk}/access/reveal/")

    assert response.status_code == 404
    assert not AccessDisclosure.objects.exists()
