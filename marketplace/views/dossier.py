"""A package's procurement dossier as one download, for any member of the
package's organization (viewers too); another organization is told it is not
there (404), as for the package."""

from __future__ import annotations

from django.http import HttpResponse

from marketplace.services.dossier import dossier_build
from marketplace.views.buying import buyer_required, owned_package


def dossier_response(dossier) -> HttpResponse:
    response = HttpResponse(dossier.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dossier.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@buyer_required
def package_dossier(request, pk: int, *, membership) -> HttpResponse:
    package = owned_package(membership, pk)
    return dossier_response(dossier_build(package=package, user=request.user))
