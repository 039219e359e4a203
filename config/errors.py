"""What Django answers itself for a request it cannot read — more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a form that
sends something no form of ours sends (`BadRequest`) — wherever it is found, in a
middleware or a view: in the API's error format under /api/, a page saying why
elsewhere. A body over the limit is 413, the rest 400. (API views answer these
through the API's exception handler; this is `handler400`, for the rest.)"""

from __future__ import annotations

from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.exceptions import ParseError

from config.api.exceptions import RequestTooLarge


def _api_error(exception: Exception | None) -> tuple[int, str, str]:
    if isinstance(exception, RequestDataTooBig):
        return 413, RequestTooLarge.default_code, str(RequestTooLarge.default_detail)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return 400, ParseError.default_code, str(exception)
    return 400, ParseError.default_code, str(ParseError.default_detail)


def bad_request(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    if isinstance(exception, DisallowedHost):
        # Nothing that reads the host may render: Django's plain page.
        return defaults.bad_request(request, exception)
    if request.path.startswith("/api/"):
        status, code, detail = _api_error(exception)
        return JsonResponse(
            {
                "type": "client_error",
                "errors": [{"code": code, "detail": detail, "attr": None}],
            },
            status=status,
        )
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    message = ""
    if isinstance(exception, TooManyFieldsSent):
        message = _("The form sent more fields than a page takes.")
    elif isinstance(exception, BadRequest):
        # Raised by our views, saying what was wrong.
        message = str(exception)
    return render(request, "400.html", {"message": message}, status=400)
