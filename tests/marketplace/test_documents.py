"""Documents a procurement office files: an invoice for every order paid by invoice,
a receipt for every card payment, a credit note for every refund. Numbered without
gaps per kind and year, frozen in the buyer's language when issued, rendered to
PDF once and never changed; downloadable by the organization that ordered (and
nobody else), from the order page and the API, and listed for finance."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts.roles import Role
from config.localtime import format_moment
from marketplace.models import Document, Order, OrderStatus, PackagePhase
from marketplace.money import Money
from marketplace.services.approvals import quote_approve
from marketplace.services.documents import (
    credit_note_issue,
    invoice_issue,
    receipt_issue,
)
from marketplace.services.documents.layout import break_lines
from marketplace.services.orders import order_cancel, order_place
from marketplace.services.payments.attempts import (
    payment_refunded,
    payment_succeeded,
)
from marketplace.services.payments.refunds import payment_refund
from marketplace.services.quotes import quote_create
from tests.factories import PlatformMemberFactory
from tests.factories.buying import (
    PackageFactory,
    PackageLineFactory,
    QuoteFactory,
    self_approving_buyer,
)
from tests.factories.catalog import PlanFactory, published_listing

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def day(moment: date | datetime) -> str:
    """A day as the active language writes it."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return formats.date_format(moment, "DATE_FORMAT")


def pdf_text(content: bytes) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.fixture
def buyer(db):
    """An approver of Riverside County, which invoices name by its legal name and
    billing address."""
    return self_approving_buyer(
        name="Riverside County",
        legal_name="County of Riverside",
        billing_address="4080 Lemon Street\nRiverside, CA 92501",
        tax_id="95-6000930",
    )


@pytest.fixture
def place(buyer):
    """`place(payment_method="invoice", quantity=3, purchase_order="")`: an order
    of `quantity` units of a one-time 680.00 plan with a 50.00 setup fee, placed
    by the county's approver."""
    plan = PlanFactory(setup_fee=5_000)

    def order(
        payment_method="invoice", quantity=3, purchase_order="", membership=None
    ) -> Order:
        membership = membership or buyer
        quote = QuoteFactory(
            organization=membership.organization,
            lines=[(plan, quantity)],
            approved_by=membership.user,
        )
        return order_place(
            membership=membership,
            quote=quote,
            payment_method=payment_method,
            purchase_order=purchase_order,
        ).order

    return order


# Issuing -----------------------------------------------------------------------


def test_an_order_paid_by_invoice_is_invoiced_when_placed(place, settings):
    year = timezone.localdate().year

    order = place(quantity=3, purchase_order="PO-2291")

    invoice = Document.objects.get(order=order)
    assert (invoice.kind, invoice.number) == ("invoice", f"INV-{year}-000001")
    assert (invoice.total, invoice.currency) == (order.amount, order.currency)
    assert invoice.language == "en"
    data = invoice.data
    assert data["seller"] == {
        "name": settings.PLATFORM_LEGAL_NAME,
        "address": settings.PLATFORM_ADDRESS,
        "tax_id": settings.PLATFORM_TAX_ID,
        "bank_details": settings.PLATFORM_BANK_DETAILS,
    }
    assert data["buyer"] == {
        "name": "County of Riverside",
        "address": "4080 Lemon Street\nRiverside, CA 92501",
        "tax_id": "95-6000930",
    }
    assert (data["order"], data["purchase_order"]) == (order.number, "PO-2291")
    assert [
        (line["quantity"], line["unit_price"], line["amount"]) for line in data["lines"]
    ] == [(3, 68_000, 204_000), (1, 5_000, 5_000)]
    assert data["subtotal"] == 209_000
    assert data["tax"] == order.amount - 209_000 == 12_540
    assert data["total"] == order.amount
    assert data["due_on"] == order.due_on.isoformat()
    assert order.due_on == timezone.localdate() + timedelta(
        days=settings.INVOICE_PAYMENT_DAYS
    )
    assert data["payment_reference"] == f"{order.number} / {invoice.number}"


def test_issuing_twice_issues_once(place):
    order = place()

    again = invoice_issue(order)

    assert again == Document.objects.get(order=order)
    assert Document.objects.count() == 1


def test_an_invoice_issued_for_an_order_without_a_due_date_gives_it_one(
    place, settings
):
    order = place(payment_method="card")
    assert order.due_on is None

    invoice = invoice_issue(order)

    order.refresh_from_db()
    assert order.due_on == timezone.localdate() + timedelta(
        days=settings.INVOICE_PAYMENT_DAYS
    )
    assert invoice.data["due_on"] == order.due_on.isoformat()


def test_numbers_have_no_gaps_and_start_again_each_year(place):
    year = timezone.localdate().year
    first, second = place(), place()

    # An issue rolled back gives its number back.
    card_order = place(payment_method="card")
    with pytest.raises(RuntimeError), transaction.atomic():
        invoice_issue(card_order)
        raise RuntimeError("the caller's transaction fails")
    third = place()

    numbers = [Document.objects.get(order=order).number for order in (first, second)]
    numbers.append(Document.objects.get(order=third).number)
    assert numbers == [f"INV-{year}-{n:06d}" for n in (1, 2, 3)]
    assert not Document.objects.filter(order=card_order).exists()

    # Receipts count on their own.
    card_order.payments.update(payment_intent_id="pi_test_gapless")
    receipt = receipt_issue(card_order.payments.get())
    assert receipt.number == f"RCT-{year}-000001"

    with time_machine.travel(
        timezone.make_aware(datetime(year + 1, 1, 1, 9)), tick=False
    ):
        next_year = place()
    assert Document.objects.get(order=next_year).number == f"INV-{year + 1}-000001"


def test_an_issued_document_does_not_change(place):
    invoice = Document.objects.get(order=place())

    invoice.total = 1
    with pytest.raises(ValidationError):
        invoice.save()
    with pytest.raises(ValidationError):
        invoice.save(update_fields=["total"])

    invoice.refresh_from_db()
    assert invoice.total == invoice.order.amount
    assert not invoice.pdf and not invoice.sha256


# The PDF --------------------------------------------------------------------------


def test_the_pdf_is_rendered_on_the_first_download_and_kept(client, buyer, place):
    order = place()
    invoice = Document.objects.get(order=order)
    client.force_login(buyer.user)
    url = f"/orders/{order.pk}/documents/{invoice.number}.pdf"

    first = client.get(url)
    second = client.get(url)

    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == (
        f'attachment; filename="{invoice.number}.pdf"'
    )
    assert first.content == second.content
    invoice.refresh_from_db()
    assert bytes(invoice.pdf) == first.content
    assert invoice.sha256 == hashlib.sha256(first.content).hexdigest()
    assert first["ETag"] == f'"{invoice.sha256}"'


def test_the_invoice_pdf_reads_back_in_english(client, buyer, place, settings):
    order = place(purchase_order="PO-2291")
    invoice = Document.objects.get(order=order)
    client.force_login(buyer.user)

    text = pdf_text(
        client.get(f"/orders/{order.pk}/documents/{invoice.number}.pdf").content
    )

    for expected in (
        "Invoice",
        invoice.number,
        settings.PLATFORM_LEGAL_NAME,
        "County of Riverside",
        "4080 Lemon Street",
        "95-6000930",
        "PO-2291",
        order.number,
        "CNY 680.00",
        "CNY 2,040.00",
        "CNY 2,090.00",
        "CNY 125.40",
        "CNY 2,215.40",
        day(order.due_on),
        "Example Bank",
        f"{order.number} / {invoice.number}",
    ):
        assert expected in text, expected


def test_the_invoice_pdf_reads_back_in_chinese(client, buyer, place):
    county = buyer.organization
    county.language = "zh-hans"
    county.legal_name = "深圳市福田区人民政府"
    county.billing_address = "深圳市福田区福中三路市民中心"
    county.save()
    order = place()
    invoice = Document.objects.get(order=order)
    client.force_login(buyer.user)

    # Whatever language the reader uses, the document is in the county's.
    content = client.get(
        f"/orders/{order.pk}/documents/{invoice.number}.pdf",
        HTTP_ACCEPT_LANGUAGE="en",
    ).content

    text = pdf_text(content)
    assert invoice.language == "zh-hans"
    with translation.override("zh-hans"):
        title, quantity = gettext("Invoice"), gettext("Quantity")
        due = formats.date_format(order.due_on, "DATE_FORMAT")
    assert quantity == "数量"
    for expected in (title, quantity, due, invoice.number, "CNY 2,215.40"):
        assert expected in text, expected
    squeezed = "".join(text.split())
    assert "深圳市福田区人民政府" in squeezed
    assert "深圳市福田区福中三路市民中心" in squeezed


# Product names mixing English and Chinese, longer than the description column.
MIXED_TITLES = (
    "Lumen Urban Systems — Luminaire hardware 智能路灯控制器 Lighting CMS",
    "Lumen Urban Systems — Luminaire hardware 智能路灯 Lighting CMS",
)


def test_lines_break_between_latin_words_and_anywhere_in_chinese():
    # Every character one unit wide.
    assert break_lines(MIXED_TITLES[0], 12, len) == [
        "Lumen Urban",
        "Systems —",
        "Luminaire",
        "hardware 智能路",
        "灯控制器",
        "Lighting CMS",
    ]
    # No line starts with closing punctuation or ends with an opening bracket: the
    # character before or after goes along.
    assert break_lines("各阶段单独下单（分批下达订单），在其价格", 6, len) == [
        "各阶段单独下",
        "单（分批下达",
        "订单），在其",
        "价格",
    ]
    assert break_lines("見積は「個別発注」です。", 4, len) == [
        "見積は",
        "「個別発",
        "注」で",
        "す。",
    ]
    # A word wider than a line is split where it must be; the text's own newlines
    # (blank lines too) stay, spaces at a break go.
    assert break_lines("Supercalifragilistic word\r\n\nsecond   line  ", 8, len) == [
        "Supercal",
        "ifragili",
        "stic",
        "word",
        "",
        "second",
        "line",
    ]
    assert break_lines("", 8, len) == [""]


def test_a_chinese_invoice_keeps_english_words_whole(client, buyer):
    county = buyer.organization
    county.language = "zh-hans"
    county.billing_address = "深圳市福田区福中三路市民中心B座 Civic Center Building B"
    county.save()
    plans = [published_listing(title=title).plans.get() for title in MIXED_TITLES]
    quote = QuoteFactory(
        organization=county,
        lines=[(plan, 3) for plan in plans],
        approved_by=buyer.user,
    )
    order = order_place(
        membership=buyer, quote=quote, payment_method="invoice", purchase_order=""
    ).order
    invoice = Document.objects.get(order=order)
    client.force_login(buyer.user)

    text = pdf_text(
        client.get(f"/orders/{order.pk}/documents/{invoice.number}.pdf").content
    )

    # Breaking anywhere (as fpdf2's WrapMode.CHAR does) split "Lig|hting" and
    # "Buildi|ng" here.
    lines = text.splitlines()
    words = [word for line in lines for word in line.split()]
    for word in ("Luminaire", "hardware", "Lighting", "CMS"):
        assert words.count(word) == len(MIXED_TITLES), word
    assert "Civic" in words and "Building" in words
    # The Chinese follows the English on its line, up to the edge, rather than
    # waiting for a space to break at (as fpdf2's WrapMode.WORD does).
    assert any("hardware智能路灯控制" in "".join(line.split()) for line in lines)
    assert "深圳市福田区福中三路市民中心B座" in "".join(text.split())


# Receipts and credit notes, against a real localstripe ---------------------------


def test_a_card_payment_gets_a_receipt(client, buyer, place, localstripe, card_token):
    order = place(payment_method="card")
    client.force_login(buyer.user)

    paid = client.post(f"/orders/{order.pk}/pay/", {"card_token": card_token()}, **JSON)

    assert paid.json()["status"] == "succeeded"
    payment = order.payments.get()
    receipt = Document.objects.get(order=order)
    year = timezone.localdate().year
    assert (receipt.kind, receipt.number) == ("receipt", f"RCT-{year}-000001")
    assert (receipt.payment, receipt.total) == (payment, order.amount)
    assert payment.payment_intent_id in receipt.data["payment_reference"]
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert receipt.number in page
    assert f"/orders/{order.pk}/documents/{receipt.number}.pdf" in page
    text = pdf_text(
        client.get(f"/orders/{order.pk}/documents/{receipt.number}.pdf").content
    )
    assert "Receipt" in text and payment.payment_intent_id in text
    assert "Paid in full by card" in text


def test_each_refund_gets_a_credit_note(
    client, buyer, place, localstripe, card_token, finance_user
):
    order = place(payment_method="card")
    client.force_login(buyer.user)
    client.post(f"/orders/{order.pk}/pay/", {"card_token": card_token()}, **JSON)
    receipt = Document.objects.get(order=order, kind="receipt")

    payment_refund(order=order, user=finance_user, amount=1_000)
    payment_refund(order=order, user=finance_user)

    year = timezone.localdate().year
    notes = list(order.documents.filter(kind="credit_note").order_by("pk"))
    assert [(note.number, note.total) for note in notes] == [
        (f"CRN-{year}-000001", 1_000),
        (f"CRN-{year}-000002", order.amount - 1_000),
    ]
    assert all(note.data["credits"] == receipt.number for note in notes)
    # Tax goes back in proportion: all of it, over both notes.
    assert sum(note.data["tax"] for note in notes) == receipt.data["tax"]
    # Stripe's `charge.refunded` reports the same amount again: nothing more.
    payment = order.payments.get()
    payment_refunded(payment=payment, refunded=payment.amount)
    assert order.documents.filter(kind="credit_note").count() == 2
    text = pdf_text(
        client.get(f"/orders/{order.pk}/documents/{notes[0].number}.pdf").content
    )
    assert "Credit note" in text and receipt.number in text and "CNY 10.00" in text


def test_a_payment_the_order_did_not_need_is_receipted_and_credited(buyer, place):
    order = place(payment_method="card")
    order_cancel(membership=buyer, order=order)
    payment = order.payments.get()
    payment.payment_intent_id = "pi_late"
    payment.save(update_fields=["payment_intent_id"])

    payment_succeeded(payment=payment, amount=order.amount)
    payment_refunded(payment=payment, refunded=order.amount)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    receipt, note = order.documents.order_by("pk")
    assert (receipt.kind, receipt.total, receipt.payment) == (
        "receipt",
        order.amount,
        payment,
    )
    assert (note.kind, note.total, note.data["credits"]) == (
        "credit_note",
        order.amount,
        receipt.number,
    )


def test_a_credit_note_is_issued_once_per_reference(place):
    order = place(payment_method="card")
    payment = order.payments.get()

    first = credit_note_issue(payment, amount=500, reference=f"{payment.pk}-500")
    again = credit_note_issue(payment, amount=500, reference=f"{payment.pk}-500")

    assert first == again
    assert order.documents.count() == 1


# Who downloads --------------------------------------------------------------------


def test_another_organization_cannot_download(client, api_client_for, buyer, place):
    order = place()
    invoice = Document.objects.get(order=order)
    other = self_approving_buyer()
    path = f"/orders/{order.pk}/documents/{invoice.number}.pdf"
    api_path = f"/api/v1/documents/{invoice.number}.pdf"

    client.force_login(other.user)
    assert client.get(path).status_code == 404
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    foreign = api_client_for(other.user, other.organization)
    assert foreign.get(api_path).status_code == 404
    # A number of the organization's under another of its orders is not there.
    own_other = place()
    client.force_login(buyer.user)
    assert (
        client.get(f"/orders/{own_other.pk}/documents/{invoice.number}.pdf").status_code
        == 404
    )
    assert client.get(path).status_code == 200
    assert not Document.objects.filter(pdf__isnull=False).exclude(pk=invoice.pk)


def test_the_order_api_lists_its_documents(api_client_for, buyer, place):
    order = place()
    invoice = Document.objects.get(order=order)
    api = api_client_for(buyer.user, buyer.organization)

    body = api.get(f"/api/v1/orders/{order.pk}/").json()

    assert body["documents"] == [
        {
            "kind": "invoice",
            "number": invoice.number,
            "url": f"http://testserver/api/v1/documents/{invoice.number}.pdf",
        }
    ]
    pdf = api.get(body["documents"][0]["url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    missing = api.get(
        "/api/v1/documents/INV-1999-000001.pdf", HTTP_ACCEPT="application/pdf"
    )
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["type"] == "client_error"


def test_finance_lists_the_documents_read_only(client, place):
    order = place()
    invoice = Document.objects.get(order=order)

    client.force_login(PlatformMemberFactory(role=Role.CURATOR))
    assert client.get("/cms/finance/documents/").status_code in (302, 403)
    assert client.get(f"/cms/finance/documents/pdf/{invoice.pk}/").status_code in (
        302,
        403,
    )

    client.force_login(PlatformMemberFactory(role=Role.FINANCE))
    listing = client.get("/cms/finance/documents/").content.decode()
    assert invoice.number in listing and order.number in listing
    assert "County of Riverside" not in listing  # the buyer as the platform knows it
    assert "Riverside County" in listing and "CNY 2,215.40" in listing
    assert f"/cms/finance/documents/pdf/{invoice.pk}/" in listing
    pdf = client.get(f"/cms/finance/documents/pdf/{invoice.pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get("/cms/finance/documents/add/").status_code == 404
    inspect = client.get(f"/cms/finance/documents/inspect/{invoice.pk}/")
    assert inspect.status_code == 200
    assert client.post(f"/cms/finance/documents/edit/{invoice.pk}/").status_code in (
        302,
        403,
    )


def test_what_a_document_says_is_what_it_said_when_issued(client, buyer, place):
    order = place()
    invoice = Document.objects.get(order=order)
    county = buyer.organization
    county.legal_name = "Riverside County Council"
    county.billing_address = "1 New Street"
    county.save()

    client.force_login(buyer.user)
    text = pdf_text(
        client.get(f"/orders/{order.pk}/documents/{invoice.number}.pdf").content
    )

    assert "County of Riverside" in text and "4080 Lemon Street" in text
    assert "Riverside County Council" not in text


# The quote PDF --------------------------------------------------------------------


def two_phase_quote(buyer):
    """A pilot of 4 units with a setup fee (phase 1) and a city-wide rollout of
    1,000 monthly units planned to start in 90 days (phase 2), quoted and
    approved."""
    package = PackageFactory(organization=buyer.organization, name="Manhole pilot")
    PackageLineFactory(
        package=package,
        plan=PlanFactory(unit_price=50_000, setup_fee=20_000),
        quantity=4,
        phase=1,
    )
    PackageLineFactory(
        package=package,
        plan=PlanFactory(unit_price=1_200, billing="monthly"),
        quantity=1_000,
        phase=2,
    )
    PackagePhase.objects.update_or_create(
        package=package, number=1, defaults={"name": "Pilot: Futian district"}
    )
    PackagePhase.objects.update_or_create(
        package=package,
        number=2,
        defaults={
            "name": "City-wide rollout",
            "planned_start": timezone.localdate() + timedelta(days=90),
        },
    )
    quote = quote_create(membership=buyer, package=package)
    return quote_approve(membership=buyer, quote=quote)


def test_the_quote_pdf_names_both_parties_each_phase_and_the_terms(
    client, buyer, settings
):
    settings.PLATFORM_TAX_ID = "91440300MA5F000000"
    quote = two_phase_quote(buyer)
    pilot, city = quote.phases.order_by("number")
    client.force_login(buyer.user)

    text = pdf_text(client.get(f"/quotes/{quote.pk}.pdf").content)

    for expected in (
        settings.PLATFORM_LEGAL_NAME,
        settings.PLATFORM_ADDRESS,
        "91440300MA5F000000",
        "County of Riverside",
        "4080 Lemon Street",
        "95-6000930",
        "Phase 1: Pilot: Futian district",
        f"Prices hold until: {day(pilot.price_hold_until)}",
        "Phase 2: City-wide rollout",
        f"Planned start: {day(city.planned_start)}",
        f"Prices hold until: {day(city.price_hold_until)}",
        # Per phase: the pilot's first charge, the rollout's monthly units.
        str(Money(pilot.first_charge, quote.currency)),
        str(Money(city.first_charge, quote.currency)),
        "CNY 12,000.00",
        "Terms of the order",
        f"within {settings.INVOICE_PAYMENT_DAYS} days",
        "renews at the end of its term unless auto-renew",
        f"for {settings.SUBSCRIPTION_DATA_RETENTION_DAYS} days and offers its export",
    ):
        assert expected in " ".join(text.split()), expected


def test_a_quote_without_phases_reads_as_one_held_until_its_validity(client, buyer):
    quote = QuoteFactory(organization=buyer.organization, approved_by=buyer.user)
    quote.phases.all().delete()
    client.force_login(buyer.user)

    text = " ".join(pdf_text(client.get(f"/quotes/{quote.pk}.pdf").content).split())

    assert f"All lines Prices hold until: {day(quote.valid_until)}" in text
    assert str(Money(quote.first_charge, quote.currency)) in text


def test_a_chinese_quote_fills_its_lines(client, buyer):
    package = PackageFactory(organization=buyer.organization, name="智能路灯")
    PackageLineFactory(
        package=package, plan=published_listing(title=MIXED_TITLES[0]).plans.get()
    )
    quote = quote_create(membership=buyer, package=package)
    client.force_login(buyer.user)

    text = pdf_text(
        client.get(f"/quotes/{quote.pk}.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans").content
    )

    lines = ["".join(line.split()) for line in text.splitlines()]
    words = {word for line in text.splitlines() for word in line.split()}
    for word in ("Luminaire", "hardware", "Lighting"):
        assert word in words, word
    # The validity term goes on after the date and its time zone on the same
    # line, where word wrapping sent the rest of the sentence to the next.
    with translation.override("zh-hans"):
        until = format_moment(quote.valid_until)
    assert any(
        f"本报价单可在{until.replace(' ', '')}之前下单" in line for line in lines
    )
