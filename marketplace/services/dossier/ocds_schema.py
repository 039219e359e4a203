"""OCDS JSON as Agora writes and checks it: amounts as exact decimals (Python's
json module would pass them through a float), and validation against the
standard's release package schema (OCDS 1.1.5, draft 4) from the project's copy in
specs/ocds-1.1.5, formats (date-time, uri) included, never fetching anything."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(settings.BASE_DIR) / "specs" / "ocds-1.1.5"


class OcdsInvalid(Exception):
    """A release package the schema refuses; `errors` says where and why."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


# Validation -------------------------------------------------------------------------


@cache
def ocds_validator() -> Draft4Validator:
    """A draft 4 validator of release packages, with format checks (date-time, uri),
    that resolves the release schema from the project's copy: never the network."""
    schemas = {
        name: json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        for name in ("release-package-schema.json", "release-schema.json")
    }
    registry: Registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in schemas.values()
    )
    package_schema = schemas["release-package-schema.json"]
    Draft4Validator.check_schema(package_schema)
    return Draft4Validator(
        package_schema,
        registry=registry,
        format_checker=Draft4Validator.FORMAT_CHECKER,
    )


def ocds_errors(package: Any) -> list[str]:
    """What the schema finds wrong with a release package (parsed JSON), each as
    "path: message"; empty when it is valid."""
    errors = sorted(
        ocds_validator().iter_errors(package), key=lambda error: list(error.path)
    )
    return [
        f"{'/'.join(str(part) for part in error.path) or '(root)'}: {error.message}"
        for error in errors
    ]


def ocds_validate(package: Any) -> None:
    if errors := ocds_errors(package):
        raise OcdsInvalid(errors)


# JSON with exact amounts ------------------------------------------------------------


def _encode(value: Any, depth: int) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("OCDS amounts are Decimal, never float.")
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{json.dumps(str(key), ensure_ascii=False)}: "
            f"{_encode(item, depth + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [f"{inner}{_encode(item, depth + 1)}" for item in value]
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    return json.dumps(value, ensure_ascii=False)


def ocds_json(package: dict[str, Any]) -> bytes:
    """The release package as UTF-8 JSON, amounts written as exact decimals."""
    return f"{_encode(package, 0)}\n".encode()


def ocds_parse(content: bytes) -> Any:
    """Read OCDS JSON back with its amounts as exact decimals."""
    return json.loads(content, parse_float=Decimal)
