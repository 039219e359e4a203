"""A package's procurement dossier (a zip) and its contracting process as an OCDS
1.1 release package, for any member of the package's organization; any other
caller is told the package is not there (404)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from marketplace.api.buying import owned_package
from marketplace.api.documents import PdfOrJsonErrors
from marketplace.services.dossier import dossier_build, package_ocds_build
from marketplace.views.dossier import dossier_response

# The top of an OCDS release package; the standard's own schema
# (specs/ocds-1.1.5/release-package-schema.json) says the rest.
OCDS_RELEASE_PACKAGE = {
    "type": "object",
    "description": (
        "An OCDS 1.1 release package (Open Contracting Data Standard 1.1.5, "
        "release-package-schema.json): amounts in major units."
    ),
    "required": ["uri", "version", "publishedDate", "publisher", "releases"],
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "version": {"type": "string", "example": "1.1"},
        "publishedDate": {"type": "string", "format": "date-time"},
        "publisher": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "uri": {"type": "string", "format": "uri"},
            },
        },
        "releases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["ocid", "id", "date", "tag", "initiationType"],
                "additionalProperties": True,
            },
        },
    },
}


class PackageDossierView(APIView):
    """The package's procurement dossier: a zip of its cover, saved searches and
    comparisons, quotes, orders, documents, endorsements and OCDS release package,
    with `manifest.json` (SHA-256 and size of every other file)."""

    content_negotiation_class = PdfOrJsonErrors

    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        operation_id="packages_dossier",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        _membership, package = owned_package(request, pk)
        return dossier_response(dossier_build(package=package, user=request.user))


class PackageOcdsView(APIView):
    """The package's contracting process as an OCDS 1.1 release package: planning
    with the budget, the latest quote as the tender, an award per vendor, a
    contract per vendor of each released phase."""

    content_negotiation_class = PdfOrJsonErrors

    @extend_schema(
        responses={
            (200, "application/json"): OpenApiResponse(
                response=OCDS_RELEASE_PACKAGE,
                description="An OCDS 1.1 release package.",
            )
        },
        operation_id="packages_ocds",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        _membership, package = owned_package(request, pk)
        return HttpResponse(
            package_ocds_build(package=package), content_type="application/json"
        )
