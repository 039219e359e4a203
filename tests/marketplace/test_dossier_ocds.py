"""The package's contracting process as an Open Contracting (OCDS 1.1) release
package, in the dossier and from the API: valid against the standard's published
schema (checked here with jsonschema, from the project's copy of OCDS 1.1.5), and
saying what happened: the budget, the approved quote as the tender, an award per
vendor, a contract per vendor of the released phase."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from marketplace.models import Order, Quote

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / "specs" / "ocds-1.1.5"


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    """The standard's release package schema, its release schema resolved from the
    copy beside it (never the network), formats checked."""
    package_schema, release_schema = (
        json.loads((SCHEMAS / name).read_text())
        for name in ("release-package-schema.json", "release-schema.json")
    )
    registry = Registry().with_resource(
        release_schema["id"],
        Resource.from_contents(release_schema, default_specification=DRAFT4),
    )
    return Draft4Validator(
        package_schema,
        registry=registry,
        format_checker=Draft4Validator.FORMAT_CHECKER,
    )


def errors(validator: Draft4Validator, document) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def test_the_api_serves_a_valid_release_package(programme, validator, settings):
    settings.OCDS_OCID_PREFIX = "ocds-ft7q2z"

    response = programme.api.get(f"/api/v1/packages/{programme.package}/ocds/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    package = json.loads(response.content, parse_float=Decimal)
    assert errors(validator, package) == []
    assert package["version"] == "1.1"
    assert package["uri"].endswith(f"/api/v1/packages/{programme.package}/ocds/")
    [release] = package["releases"]
    assert release["ocid"] == f"ocds-ft7q2z-package-{programme.package}"
    assert release["id"].startswith(f"{release['ocid']}-")
    assert release["tag"] == ["planning", "tender", "award", "contract"]
    assert release["initiationType"] == "tender"


def test_the_release_says_what_happened(programme, validator):
    quote = Quote.objects.get(pk=programme.quote_id)
    order = Order.objects.get(pk=programme.order)

    response = programme.api.get(f"/api/v1/packages/{programme.package}/ocds/")

    [release] = json.loads(response.content, parse_float=Decimal)["releases"]
    parties = {party["name"]: party for party in release["parties"]}
    assert parties["Futian District"]["roles"] == ["buyer", "procuringEntity"]
    assert parties["Futian District"]["identifier"] == {
        "id": "11440304MB2C00000X",
        "legalName": "Futian District Urban Management Bureau",
    }
    assert parties["Lanxin IoT"]["roles"] == ["tenderer", "supplier"]
    assert parties["Cover Watch Co."]["roles"] == ["tenderer", "supplier"]
    assert release["buyer"] == {
        "id": parties["Futian District"]["id"],
        "name": "Futian District",
    }
    # Exact decimals in major units, never through a float.
    assert release["planning"]["budget"]["amount"] == {
        "amount": Decimal("800000.00"),
        "currency": "CNY",
    }
    assert [m["title"] for m in release["planning"]["milestones"]] == [
        "Phase 1: Pilot: Futian district",
        "Phase 2: City-wide rollout",
    ]

    tender = release["tender"]
    assert (tender["id"], tender["status"]) == (quote.number, "complete")
    assert tender["numberOfTenderers"] == 2
    # Over each plan's term: sensors 450.00 a device once plus a 2,000.00 setup fee
    # per line; monitoring 12.50 a device a month for 24 months.
    sensors = 1_040 * Decimal("450.00") + 2 * Decimal("2000.00")
    monitoring = 1_040 * Decimal("12.50") * 24
    assert tender["value"] == {"amount": sensors + monitoring, "currency": "CNY"}
    assert sorted((item["id"], item["quantity"]) for item in tender["items"]) == sorted(
        [(str(line.pk), line.quantity) for line in quote.lines.all()]
        + [(f"{line.pk}-setup", 1) for line in quote.lines.all() if line.setup_fee]
    )
    assert tender["tenderPeriod"]["startDate"].startswith(
        quote.created_at.date().isoformat()
    )

    awards = {award["suppliers"][0]["name"]: award for award in release["awards"]}
    assert sorted(awards) == ["Cover Watch Co.", "Lanxin IoT"]
    assert awards["Lanxin IoT"]["value"]["amount"] == sensors
    assert awards["Cover Watch Co."]["value"]["amount"] == monitoring
    assert {award["status"] for award in awards.values()} == {"active"}

    contracts = release["contracts"]
    numbers = sorted(part.number for part in order.vendor_orders.all())
    assert sorted(contract["id"] for contract in contracts) == numbers
    award_ids = {award["id"] for award in release["awards"]}
    for contract in contracts:
        assert contract["awardID"] in award_ids
        assert contract["status"] == "active"
        assert {item["quantity"] for item in contract["items"]} <= {40, 1}
    values = sorted(contract["value"]["amount"] for contract in contracts)
    assert values == sorted(
        [40 * Decimal("450.00") + Decimal("2000.00"), 40 * Decimal("12.50") * 24]
    )
    monitored = next(c for c in contracts if c["value"]["amount"] == 12_000)
    assert monitored["period"]["endDate"] > monitored["period"]["startDate"]


def test_the_dossier_carries_the_same_valid_release_package(programme, validator):
    response = programme.api.get(f"/api/v1/packages/{programme.package}/dossier/")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    filed = json.loads(archive.read("ocds.json"), parse_float=Decimal)
    served = json.loads(
        programme.api.get(f"/api/v1/packages/{programme.package}/ocds/").content,
        parse_float=Decimal,
    )

    assert errors(validator, filed) == []
    # The same process: only the moment it was published differs.
    filed.pop("publishedDate")
    served.pop("publishedDate")
    assert filed == served


def test_the_validator_refuses_a_broken_release(programme, validator):
    response = programme.api.get(f"/api/v1/packages/{programme.package}/ocds/")
    valid = json.loads(response.content, parse_float=Decimal)

    no_ocid = copy.deepcopy(valid)
    del no_ocid["releases"][0]["ocid"]
    text_amount = copy.deepcopy(valid)
    text_amount["releases"][0]["tender"]["value"]["amount"] = "1,000.00"
    bad_date = copy.deepcopy(valid)
    bad_date["publishedDate"] = "yesterday"
    bad_tag = copy.deepcopy(valid)
    bad_tag["releases"][0]["tag"] = ["bought"]
    no_award = copy.deepcopy(valid)
    del no_award["releases"][0]["contracts"][0]["awardID"]

    assert errors(validator, valid) == []
    assert errors(validator, no_ocid) == ["'ocid' is a required property"]
    assert errors(validator, text_amount) == [
        "'1,000.00' is not of type 'number', 'null'"
    ]
    assert errors(validator, bad_date) == ["'yesterday' is not a 'date-time'"]
    assert len(errors(validator, bad_tag)) == 1
    assert errors(validator, no_award) == ["'awardID' is a required property"]


def test_a_package_only_planned_is_a_valid_planning_release(
    api_client_for, requester, buyer_org, validator
):
    client = api_client_for(requester, buyer_org)
    package = client.post("/api/v1/packages/", {"name": "Ideas"}, format="json")

    response = client.get(f"/api/v1/packages/{package.json()['id']}/ocds/")

    document = json.loads(response.content, parse_float=Decimal)
    assert errors(validator, document) == []
    [release] = document["releases"]
    assert release["tag"] == ["planning"]
    assert "tender" not in release and "awards" not in release
