"""Saved searches as evidence for a package's procurement file: the searches
linked to the package, each with every result list frozen from it (the package's
page lists them; its dossier files them as CSV and JSON). A search never frozen
has no result list: the dossier says so, and freezes nothing itself."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from config.localtime import format_moment
from marketplace.evidence import (
    EvidenceEntry,
    EvidenceFile,
    EvidenceSource,
    json_file,
)
from marketplace.models import Package
from search.models import SavedSearch, SearchSnapshot
from search.saved import snapshot_csv


def package_saved_searches(package: Package) -> list[SavedSearch]:
    return list(
        SavedSearch.objects.filter(package=package)
        .select_related("created_by")
        .prefetch_related("snapshots__taken_by")
        .order_by("created_at", "pk")
    )


def _snapshots(saved: SavedSearch) -> list[SearchSnapshot]:
    return sorted(saved.snapshots.all(), key=lambda item: (item.taken_at, item.pk))


def _folder(saved: SavedSearch) -> str:
    return f"{saved.pk}-{slugify(saved.name)[:50].strip('-') or 'search'}"


def _stamp(snapshot: SearchSnapshot) -> str:
    return f"{snapshot.taken_at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{snapshot.pk}"


def _when(moment) -> str:
    return format_moment(moment)


def _person(user) -> str:
    if user is None:
        return str(_("a former member"))
    return user.get_full_name() or user.email


class SavedSearchEvidence(EvidenceSource):
    """The saved searches linked to the package and their frozen result lists."""

    folder = "searches"
    position = 10
    title = gettext_lazy("Saved searches linked to this package")
    empty = gettext_lazy("No saved search is linked to this package.")
    manage_url_name = "search_saved"
    manage_label = gettext_lazy("Link saved searches on the saved searches page")

    def entries(self, package: Package) -> list[EvidenceEntry]:
        entries = []
        for saved in package_saved_searches(package):
            snapshots = _snapshots(saved)
            details = tuple(
                ngettext(
                    "Frozen %(when)s by %(name)s: %(count)d solution of %(total)d.",
                    "Frozen %(when)s by %(name)s: %(count)d solutions of %(total)d.",
                    len(snapshot.results),
                )
                % {
                    "when": _when(snapshot.taken_at),
                    "name": _person(snapshot.taken_by),
                    "count": len(snapshot.results),
                    "total": snapshot.total,
                }
                for snapshot in snapshots
            )
            entries.append(
                EvidenceEntry(
                    title=saved.name,
                    details=details,
                    url=f"{reverse('search')}?{saved.querystring}",
                    missing=""
                    if snapshots
                    else _(
                        "Never frozen: no result list of this search is in the "
                        "dossier. Freeze it on the saved searches page."
                    ),
                )
            )
        return entries

    def files(self, package: Package) -> list[EvidenceFile]:
        base_url = settings.SITE_URL.rstrip("/")
        files = []
        for saved in package_saved_searches(package):
            folder = _folder(saved)
            snapshots = _snapshots(saved)
            files.append(
                json_file(
                    f"{folder}/search.json",
                    {
                        "id": saved.pk,
                        "name": saved.name,
                        "querystring": saved.querystring,
                        "url": f"{base_url}{reverse('search')}?{saved.querystring}",
                        "saved_at": saved.created_at,
                        "saved_by": _person(saved.created_by),
                        # Beside this file.
                        "snapshots": [
                            f"snapshot-{_stamp(snapshot)}.json"
                            for snapshot in snapshots
                        ],
                    },
                )
            )
            for snapshot in snapshots:
                stem = f"{folder}/snapshot-{_stamp(snapshot)}"
                files.append(
                    json_file(
                        f"{stem}.json",
                        {
                            "search": saved.name,
                            "taken_at": snapshot.taken_at,
                            "taken_by": _person(snapshot.taken_by),
                            "querystring": snapshot.querystring,
                            "total": snapshot.total,
                            "results": snapshot.results,
                        },
                    )
                )
                files.append(
                    EvidenceFile(
                        f"{stem}.csv",
                        snapshot_csv(snapshot, base_url=base_url).encode(),
                    )
                )
        return files
