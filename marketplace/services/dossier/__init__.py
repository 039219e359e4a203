"""A package's procurement dossier: one zip a procurement officer files and an
auditor checks.

- `archive`: `dossier_build(package=, user=)`, the zip and its `manifest.json`
  (SHA-256 and size of every other file), in a fixed order.
- `records`: the package's own records as files: the package, each quote (PDF and
  data with its approval history), each order, each issued document (its stored
  PDF), each curated solution's endorsements.
- `cover`: `cover.pdf`, the summary: what, from whom, why, at what cost over time.
- `ocds`: the contracting process as an OCDS 1.1 release package (`ocds.json`);
  `ocds_schema` writes it with exact amounts and validates it against the
  standard's schema before it leaves.

Evidence other apps keep about the package (saved searches) comes through the
sources of `marketplace.evidence`, each in its own folder.
"""

from marketplace.services.dossier.archive import Dossier, dossier_build
from marketplace.services.dossier.ocds import (
    ocds_release_package,
    package_ocds_build,
)
from marketplace.services.dossier.ocds_schema import (
    OcdsInvalid,
    ocds_errors,
    ocds_json,
    ocds_parse,
    ocds_validate,
)
from marketplace.services.dossier.records import DossierIntegrityError

__all__ = [
    "Dossier",
    "DossierIntegrityError",
    "OcdsInvalid",
    "dossier_build",
    "ocds_errors",
    "ocds_json",
    "ocds_parse",
    "ocds_release_package",
    "ocds_validate",
    "package_ocds_build",
]
