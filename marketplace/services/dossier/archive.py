"""The procurement dossier as one zip: every file of the package's procurement
record, named and ordered the same way each time, and `manifest.json` with the
SHA-256 and size of every other file, so an auditor can check that nothing was
changed or left out.

Making a dossier reads and writes nothing of its own: a saved search that was never
frozen has no result list to file, and the cover says so. (The one write is the
documents' own: an invoice never downloaded before is rendered now, once, and kept,
as its first download would.)
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from config.localtime import format_moment
from marketplace.evidence import EvidenceFile, evidence_sources, package_evidence
from marketplace.models import Package
from marketplace.selectors.dossier import dossier_records
from marketplace.services.dossier.cover import Cover, dossier_cover_pdf
from marketplace.services.dossier.ocds import ocds_file
from marketplace.services.dossier.records import (
    document_files,
    endorsement_files,
    order_files,
    package_file,
    quote_files,
)

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Dossier:
    filename: str
    content: bytes
    # {"files": [{"path", "sha256", "bytes"}], …}: what manifest.json says.
    manifest: dict


def dossier_order(path: str) -> tuple[bool, str]:
    """Files at the top first, then each folder's; by name within each."""
    return ("/" in path, path)


def _readme(package: Package, made_at: datetime) -> bytes:
    folders = [
        ("cover.pdf", _("the summary: what, from whom, why, at what cost over time")),
        (MANIFEST, _("the SHA-256 and size of every other file")),
        ("ocds.json", _("the contracting process as an OCDS 1.1 release package")),
        ("package.json", _("the package as composed today, and its cost over time")),
        ("quotes/", _("each quote: its PDF, with its approval history, and its data")),
        ("orders/", _("each order with its lines and status history")),
        ("documents/", _("the invoices, receipts and credit notes as issued")),
        ("endorsements/", _("the curators' record of each curated solution")),
        *((f"{source.folder}/", str(source.title)) for source in evidence_sources()),
    ]
    lines = [
        _("Procurement dossier of “%(package)s” (%(organization)s)")
        % {"package": package.name, "organization": package.organization.name},
        _("Made %(when)s") % {"when": format_moment(made_at)},
        "",
        *(f"{name:<16} {text}" for name, text in sorted(folders)),
        "",
        _(
            "To check a file, compute its SHA-256 (sha256sum, shasum -a 256, or "
            "certutil -hashfile FILE SHA256) and compare it with manifest.json."
        ),
        _(
            "Amounts in the JSON files are integers in minor units of their currency "
            "(cents, fen), except in ocds.json, which gives them in major units as "
            "the standard asks."
        ),
    ]
    return ("\n".join(lines) + "\n").encode()


def _zip(files: dict[str, bytes], made_at: datetime) -> bytes:
    stamp = timezone.localtime(made_at).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files, key=dossier_order):
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return buffer.getvalue()


def dossier_filename(package: Package, made_at: datetime) -> str:
    name = slugify(package.name)[:60].strip("-")
    day = timezone.localtime(made_at).strftime("%Y%m%d")
    return (
        f"dossier-{package.pk}-{name}-{day}.zip"
        if name
        else (f"dossier-{package.pk}-{day}.zip")
    )


def dossier_build(
    *, package: Package, user: User | None = None, at: datetime | None = None
) -> Dossier:
    """The package's procurement dossier, in the language active now, as its
    member `user` downloads it at `at` (now)."""
    made_at = at or timezone.now()
    records = dossier_records(package)
    files: dict[str, bytes] = {}

    def add(file: EvidenceFile, folder: str = "") -> None:
        path = f"{folder}/{file.path}" if folder else file.path
        if path in files or path == MANIFEST:
            raise ValueError(f"The dossier has two files at {path}.")
        files[path] = file.content

    add(package_file(records))
    for file in [
        *quote_files(records),
        *order_files(records),
        *document_files(records),
        *endorsement_files(records),
    ]:
        add(file)
    for source in evidence_sources():
        for file in source.files(package):
            add(file, source.folder)
    add(EvidenceFile("ocds.json", ocds_file(records, published_at=made_at)))
    add(EvidenceFile("README.txt", _readme(package, made_at)))
    paths = sorted([*files, MANIFEST], key=dossier_order)
    cover = Cover(
        records=records,
        evidence=package_evidence(package),
        made_at=made_at,
        made_by=user,
        paths=paths,
    )
    add(EvidenceFile("cover.pdf", dossier_cover_pdf(cover)))
    manifest = {
        "package": {"id": package.pk, "name": package.name},
        "made_at": timezone.localtime(made_at).isoformat(timespec="seconds"),
        "files": [
            {
                "path": path,
                "sha256": hashlib.sha256(files[path]).hexdigest(),
                "bytes": len(files[path]),
            }
            for path in sorted(files, key=dossier_order)
        ],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    files[MANIFEST] = f"{text}\n".encode()
    return Dossier(
        filename=dossier_filename(package, made_at),
        content=_zip(files, made_at),
        manifest=manifest,
    )
