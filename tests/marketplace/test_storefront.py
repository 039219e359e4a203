"""Finding one's way: Select in the main navigation, "Sell on Agora" in the footer
and on the home page, and how a visitor who is not signed in buys a solution."""

import re

import pytest

from accounts.roles import Role
from marketplace.pages import SelectPage
from marketplace.services.pages import home_page_sync
from tests.factories import MembershipFactory
from tests.factories.catalog import published_listing

pytestmark = pytest.mark.django_db


def nav(html: str) -> str:
    return re.search(r'<nav aria-label="Primary".*?</nav>', html, re.S).group(0)


def test_select_is_in_the_main_navigation_once_it_exists(client):
    home = home_page_sync()
    assert "Select" not in nav(client.get("/search/").content.decode())

    select = home.add_child(instance=SelectPage(title="Select", slug="select"))

    assert f'href="{select.url}"' in nav(client.get("/search/").content.decode())
    # The page itself is marked as where the visitor is.
    assert re.search(
        r'href="/select/" class="usa-nav-link usa-current" aria-current="page"',
        client.get(select.url).content.decode(),
    )


def test_select_leaves_the_navigation_when_it_is_unpublished(client):
    select = home_page_sync().add_child(
        instance=SelectPage(title="Select", slug="select")
    )
    assert "/select/" in nav(client.get("/search/").content.decode())

    select.unpublish()

    assert "/select/" not in nav(client.get("/search/").content.decode())


def test_sell_on_agora_is_in_the_footer_and_on_the_home_page(client):
    home_page_sync()

    html = client.get("/").content.decode()

    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert re.search(r'href="/vendor/apply/">Sell on Agora</a>', footer)
    main = html.split("<footer")[0]
    assert re.search(r'<h2 id="sell-heading">Sell on Agora</h2>', main)
    assert 'href="/vendor/apply/"' in main


def test_a_visitor_reads_how_to_buy_with_links_that_come_back(client):
    published_listing(slug="manhole-guard")

    html = client.get("/solutions/manhole-guard/").content.decode()

    assert "How to buy" in html
    back = "next=/solutions/manhole-guard/%23add-heading"
    assert f'href="/account/login/?{back}"' in html
    assert f'href="/account/signup/?{back}"' in html
    login = client.get(f"/account/login/?{back}").content.decode()
    assert f'href="/account/signup/?{back}"' in login


def test_a_buyer_gets_the_form_instead(client):
    published_listing(slug="manhole-guard")
    client.force_login(MembershipFactory(role=Role.REQUESTER).user)

    html = client.get("/solutions/manhole-guard/").content.decode()

    assert "How to buy" not in html
    assert 'id="add-heading"' in html


def test_a_member_of_a_vendor_is_told_to_act_for_a_buyer(client):
    from tests.factories.catalog import VendorFactory, vendor_member

    vendor = VendorFactory()
    published_listing(slug="manhole-guard")
    client.force_login(vendor_member(vendor))

    html = client.get("/solutions/manhole-guard/").content.decode()

    assert "which does not buy on Agora" in html


SIGNUP = {
    "email": "mei@futian.example",
    "first_name": "Mei",
    "last_name": "Chen",
    "password1": "a-long-enough-passphrase-1",
    "password2": "a-long-enough-passphrase-1",
}
ORGANIZATION = {
    "name": "Futian Smart City Office",
    "buyer_type": "municipal",
    "region": "CN",
    "locality": "Futian District",
}


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """`sign_up(url)`: a visitor signs up there (the e-mail leaves on commit)."""

    def post(url: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, SIGNUP)

    return post


def confirm_address(client, mailoutbox):
    """Follow the e-mailed link, as the new account does."""
    [path] = re.findall(r"/account/verify-email/[^/\s]+/", mailoutbox[-1].body)
    return client.post(path)


def test_signing_up_from_a_listing_leads_back_to_it_and_on_to_buying(
    client, sign_up, mailoutbox
):
    published_listing(slug="manhole-guard")
    back = "/solutions/manhole-guard/#add-heading"

    sign_up("/account/signup/?next=/solutions/manhole-guard/%23add-heading")
    response = confirm_address(client, mailoutbox)

    assert response["Location"] == back
    listing = client.get("/solutions/manhole-guard/").content.decode()
    setup = "/account/organization/new/?next=/solutions/manhole-guard/%23add-heading"
    assert f'href="{setup}"' in listing
    response = client.post(setup, ORGANIZATION)
    assert response["Location"] == back
    assert (
        'id="add-heading"' in client.get("/solutions/manhole-guard/").content.decode()
    )


def test_signing_up_to_sell_leads_to_the_vendor_application(
    client, sign_up, mailoutbox
):
    login = client.get("/vendor/apply/")
    assert login["Location"] == "/account/login/?next=/vendor/apply/"
    signup = "/account/signup/?next=/vendor/apply/"
    assert f'href="{signup}"' in client.get(login["Location"]).content.decode()

    sign_up(signup)

    assert confirm_address(client, mailoutbox)["Location"] == "/vendor/apply/"


def test_a_next_elsewhere_is_not_followed(client, sign_up, mailoutbox):
    sign_up("/account/signup/?next=https://elsewhere.example/")

    assert (
        confirm_address(client, mailoutbox)["Location"] == "/account/organization/new/"
    )
    response = client.post(
        "/account/organization/new/?next=https://elsewhere.example/", ORGANIZATION
    )
    assert response["Location"] == "/account/organization/members/"
