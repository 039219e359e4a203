"""The evidence of how a package's choice was made, as its page lists it and its
procurement dossier files it: the comparisons saved to it (kept here) and what apps
above the marketplace keep about it (search: saved searches and their frozen result
lists).

Imports go one way (accounts ← vendors ← marketplace ← search), so the marketplace
never reads another app's tables: each app registers an `EvidenceSource` when it is
ready (`evidence_source_register` in its AppConfig.ready), and the package's page
and the dossier ask every registered source, in the order of their `position`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.functional import Promise

if TYPE_CHECKING:
    from marketplace.models import Package


@dataclass(frozen=True)
class EvidenceEntry:
    """One piece of evidence: a title, lines of detail, where the site shows it,
    and what it lacks (a search never frozen has no result list to file)."""

    title: str
    details: tuple[str, ...] = ()
    url: str = ""
    missing: str = ""


@dataclass(frozen=True)
class EvidenceFile:
    """A file of the dossier, its path relative to the source's folder."""

    path: str
    content: bytes


def json_file(path: str, data: object) -> EvidenceFile:
    """A JSON file as the dossier keeps them: UTF-8, indented, keys in a fixed
    order, times in ISO 8601. (Amounts are integers in minor units here; the OCDS
    file writes its decimal amounts itself.)"""
    text = json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True
    )
    return EvidenceFile(path, f"{text}\n".encode())


class EvidenceSource:
    """What one app keeps about packages. Reading only: neither the page nor the
    dossier may change what they show."""

    # The dossier's folder for the source's files, and its key.
    folder: ClassVar[str] = ""
    # Lower first, on the page and on the dossier's cover.
    position: ClassVar[int] = 0
    title: ClassVar[str | Promise] = ""
    # What the page and the cover say when the package has none.
    empty: ClassVar[str | Promise] = ""
    # Where a member links or adds more (a URL name), and its words.
    manage_url_name: ClassVar[str] = ""
    manage_label: ClassVar[str | Promise] = ""

    def entries(self, package: Package) -> list[EvidenceEntry]:
        raise NotImplementedError

    def files(self, package: Package) -> list[EvidenceFile]:
        """The source's files for the dossier, in a fixed order."""
        raise NotImplementedError


_sources: dict[str, EvidenceSource] = {}


def evidence_source_register(source: EvidenceSource) -> None:
    """Add a source (again: replaced, so a reload registers it once)."""
    if not source.folder or "/" in source.folder:
        raise ValueError("An evidence source names one folder of the dossier.")
    _sources[source.folder] = source


def evidence_sources() -> list[EvidenceSource]:
    return sorted(_sources.values(), key=lambda item: (item.position, item.folder))


@dataclass
class EvidenceSection:
    source: EvidenceSource
    entries: list[EvidenceEntry] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.source.title)

    @property
    def empty(self) -> str:
        return str(self.source.empty)


def package_evidence(package: Package) -> list[EvidenceSection]:
    """Every source's evidence about the package, in order."""
    return [
        EvidenceSection(source, source.entries(package))
        for source in evidence_sources()
    ]
