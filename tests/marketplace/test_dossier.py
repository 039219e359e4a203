"""A package's procurement dossier: one zip, through the page and through the API,
that a procurement officer files and an auditor checks. Its manifest lists every
other file with its SHA-256 and size, and nothing else; its documents are the stored
PDFs byte for byte; making it writes nothing; and only the package's organization
gets it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from accounts.roles import Role
from marketplace.models import Document, Package, Quote, SavedComparison
from marketplace.services.dossier import DossierIntegrityError, dossier_build
from search.models import SearchSnapshot
from tests.factories import MembershipFactory
from tests.factories.catalog import VendorFactory, vendor_member

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("manifest.json"))


def assert_manifest_checks_out(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Every file but the manifest is listed once, with its own SHA-256 and size,
    and the manifest lists nothing else."""
    names = archive.namelist()
    listed = [entry["path"] for entry in manifest["files"]]
    assert len(names) == len(set(names))
    assert sorted(listed) == sorted(name for name in names if name != "manifest.json")
    for entry in manifest["files"]:
        content = archive.read(entry["path"])
        assert entry["sha256"] == hashlib.sha256(content).hexdigest(), entry["path"]
        assert entry["bytes"] == len(content), entry["path"]
    assert archive.testzip() is None


def test_a_viewer_downloads_the_dossier_from_the_package_page(client, programme):
    client.force_login(programme.viewer)

    page = client.get(f"/packages/{programme.package}/")
    response = client.get(f"/packages/{programme.package}/dossier.zip")

    assert f'href="/packages/{programme.package}/dossier.zip"' in page.content.decode()
    assert "Download procurement dossier" in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(
        f'attachment; filename="dossier-{programme.package}-smart-manholes-futian-'
    )
    assert disposition.endswith('.zip"')
    archive, manifest = opened(response.content)
    assert_manifest_checks_out(archive, manifest)


def test_the_dossier_holds_the_whole_procurement_record(programme):
    response = programme.api.get(f"/api/v1/packages/{programme.package}/dossier/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive, manifest = opened(response.content)
    assert_manifest_checks_out(archive, manifest)
    names = archive.namelist()
    documents = Document.objects.filter(order__quote__package_id=programme.package)
    order_numbers = sorted(
        {document.order.number for document in documents.select_related("order")}
    )
    frozen, unfrozen = programme.saved_searches
    [snapshot] = frozen.snapshots.all()
    stamp = f"{snapshot.taken_at:%Y%m%dT%H%M%SZ}-{snapshot.pk}"
    [comparison] = SavedComparison.objects.filter(package_id=programme.package)
    saved = f"{comparison.created_at:%Y%m%dT%H%M%SZ}-{comparison.pk}"
    first, second = programme.quotes
    assert names == [
        "README.txt",
        "cover.pdf",
        "manifest.json",
        "ocds.json",
        "package.json",
        f"comparisons/{saved}.csv",
        f"comparisons/{saved}.json",
        *sorted(f"documents/{document.number}.pdf" for document in documents),
        "endorsements/manhole-guard.json",
        *[f"orders/{number}.json" for number in order_numbers],
        f"quotes/{first}.json",
        f"quotes/{first}.pdf",
        f"quotes/{second}.json",
        f"quotes/{second}.pdf",
        f"searches/{frozen.pk}-manhole-sensors/search.json",
        f"searches/{frozen.pk}-manhole-sensors/snapshot-{stamp}.csv",
        f"searches/{frozen.pk}-manhole-sensors/snapshot-{stamp}.json",
        f"searches/{unfrozen.pk}-cover-monitoring/search.json",
    ]
    # Paid by invoice: the invoice is the one document (a card payment's receipt
    # and a refund's credit note are filed the same way).
    assert [document.kind for document in documents] == ["invoice"]
    for document in documents:
        content = archive.read(f"documents/{document.number}.pdf")
        assert content == bytes(document.pdf)
        assert hashlib.sha256(content).hexdigest() == document.sha256

    quote = json.loads(archive.read(f"quotes/{second}.json"))
    assert [
        (step["decision"], step["comment"]) for step in quote["approval_history"]
    ] == [("requested", ""), ("approved", "Within the budget; pilot first.")]
    returned = json.loads(archive.read(f"quotes/{first}.json"))
    assert returned["status"] == "returned"
    assert returned["approval_history"][-1]["comment"] == "Date the rollout first."
    assert archive.read(f"quotes/{second}.pdf").startswith(b"%PDF-")

    [order_number] = order_numbers
    order = json.loads(archive.read(f"orders/{order_number}.json"))
    assert (order["phase"], order["status"], order["purchase_order"]) == (
        1,
        "paid",
        "FT-2026-0117",
    )
    assert [change["to"] for change in order["status_history"]][-1] == "paid"
    lines = [line for part in order["vendor_orders"] for line in part["lines"]]
    assert sorted((line["listing"], line["quantity"]) for line in lines) == [
        ("Cover Watch", 40),
        ("Manhole Guard", 40),
    ]

    endorsement = json.loads(archive.read("endorsements/manhole-guard.json"))
    [record] = endorsement["endorsements"]
    assert record["status_now"] == "active"
    assert record["status_when_last_quoted"] == "active"
    assert record["criteria"] and record["rationale"]

    search = json.loads(
        archive.read(f"searches/{frozen.pk}-manhole-sensors/snapshot-{stamp}.json")
    )
    assert search["results"] == snapshot.results
    compared = json.loads(archive.read(f"comparisons/{saved}.json"))
    assert [item["title"] for item in compared["listings"]] == [
        "Manhole Guard",
        "Manhole Sentinel",
        "Cover Watch",
    ]
    package = json.loads(archive.read("package.json"))
    assert package["annual_budget"] == 80_000_000
    assert [
        total["years"] for total in package["cost_over_time"]["total_cost_of_ownership"]
    ] == [3, 5]


def test_the_cover_summarizes_the_choice(programme):
    response = programme.api.get(f"/api/v1/packages/{programme.package}/dossier/")
    archive, _manifest = opened(response.content)

    cover = PdfReader(io.BytesIO(archive.read("cover.pdf")))
    text = " ".join((page.extract_text() or "") for page in cover.pages)
    text = " ".join(text.split())

    assert "Procurement dossier" in text
    assert "Smart manholes: Futian pilot, then the city" in text
    for words in (
        "Phase 1: Pilot: Futian district",
        "Phase 2: City-wide rollout",
        "Lanxin IoT",
        "Cover Watch Co.",
        "Manhole Guard (in Select)",
        "Criteria passed",
        "Manhole sensors",
        "Never frozen",
        "Cover monitoring",
        "Lanxin's sensors: longest battery life of the three.",
        "Date the rollout first.",
        "Within the budget; pilot first.",
        "Total cost of ownership over 3 years",
        "Total cost of ownership over 5 years",
        "Annual budget: CNY 800,000.00",
        "FT-2026-0117",
        "manifest.json",
    ):
        assert words in text, words


def test_rebuilding_the_dossier_gives_the_same_files_in_the_same_order(programme):
    again = []
    for _time in range(2):
        response = programme.api.get(f"/api/v1/packages/{programme.package}/dossier/")
        archive, manifest = opened(response.content)
        assert_manifest_checks_out(archive, manifest)
        again.append(manifest)

    first, second = ({e["path"]: e["sha256"] for e in m["files"]} for m in again)
    assert list(first) == list(second)
    # What was issued or frozen is the same file every time; the cover and the
    # quotes' PDFs say when they were made.
    for path in first:
        if path.startswith(("documents/", "searches/", "comparisons/", "orders/")):
            assert first[path] == second[path], path


def test_making_the_dossier_writes_nothing(programme):
    snapshots = list(SearchSnapshot.objects.values_list("pk", "taken_at"))
    quotes = list(Quote.objects.values_list("pk", "status"))
    comparisons = SavedComparison.objects.count()

    response = programme.api.get(f"/api/v1/packages/{programme.package}/dossier/")

    assert response.status_code == 200
    assert list(SearchSnapshot.objects.values_list("pk", "taken_at")) == snapshots
    assert list(Quote.objects.values_list("pk", "status")) == quotes
    assert SavedComparison.objects.count() == comparisons


def test_a_document_whose_stored_pdf_changed_stops_the_dossier(programme):
    document = Document.objects.filter(
        order__quote__package_id=programme.package
    ).first()
    Document.objects.filter(pk=document.pk).update(pdf=b"%PDF-1.7 altered")

    with pytest.raises(DossierIntegrityError):
        dossier_build(package=Package.objects.get(pk=programme.package))


def test_other_organizations_are_told_there_is_no_such_package(client, programme):
    vendor_user = vendor_member(VendorFactory(), Role.OWNER)
    stranger = MembershipFactory(role=Role.APPROVER).user

    api_dossier = programme.other_api.get(
        f"/api/v1/packages/{programme.package}/dossier/"
    )
    api_ocds = programme.other_api.get(f"/api/v1/packages/{programme.package}/ocds/")
    client.force_login(stranger)
    page = client.get(f"/packages/{programme.package}/dossier.zip")
    client.force_login(vendor_user)
    vendor_page = client.get(f"/packages/{programme.package}/dossier.zip")
    client.logout()
    anonymous = client.get(f"/packages/{programme.package}/dossier.zip")

    assert api_dossier.status_code == 404
    assert api_dossier["Content-Type"] == "application/json"
    assert api_ocds.status_code == 404
    assert page.status_code == 404
    assert vendor_page.status_code == 403
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/account/login/")
