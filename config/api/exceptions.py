"""API v1's errors: what services and views raise, and the one handler that answers
every exception in the documented error format.

Services raise Django's `ValidationError` and `PermissionDenied`, `Conflict` from
here, `RateLimited` (config.ratelimit; answered 429), or exceptions of their own
that `API_EXCEPTIONS` (settings) names; views raise DRF's exceptions. None of them
is caught in a view: the handler maps them all.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from drf_standardized_errors.handler import ExceptionHandler as StandardizedHandler
from rest_framework import exceptions, status

from config.ratelimit import RateLimited


class Conflict(Exception):
    """A request that contradicts the state a record is in (answered 409): a
    service raises it, like Django's `ValidationError`, without knowing of HTTP."""


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This contradicts the current state of the resource.")
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def as_drf_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's validation error as DRF's: errors of a field keep its name
    (`attr`), the others belong to the whole request."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError(error.messages)


def _mapped(exc: Exception) -> exceptions.APIException | None:
    """A service's own exception that `API_EXCEPTIONS` maps to an API error. A
    client error keeps the service's message; a server error (a provider out of
    reach) gives its own, as the cause's is not for clients."""
    for source, target in getattr(settings, "API_EXCEPTIONS", {}).items():
        if isinstance(exc, import_string(source)):
            error_class = import_string(target)
            if status.is_server_error(error_class.status_code):
                return error_class()
            return error_class(str(exc) or None)
    return None


class ExceptionHandler(StandardizedHandler):
    """drf-standardized-errors' handler, told about Django's exceptions and the
    services' own."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, exceptions.APIException):
            return exc
        if isinstance(exc, DjangoValidationError):
            return as_drf_error(exc)
        if isinstance(exc, DjangoPermissionDenied):
            return exceptions.PermissionDenied(str(exc) or None)
        if isinstance(exc, Http404 | ObjectDoesNotExist):
            return exceptions.NotFound()
        if isinstance(exc, Conflict):
            return ConflictError(str(exc) or None)
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, RateLimited):
            return exceptions.Throttled(wait=exc.retry_after, detail=str(exc) or None)
        if isinstance(exc, SuspiciousOperation):
            return self._bad_request(exc)
        return _mapped(exc) or exc

    def _bad_request(self, exc: SuspiciousOperation) -> exceptions.ParseError:
        # Logged where Django logs what it answers 400 for itself.
        request = getattr(self.context.get("request"), "_request", None)
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(
            str(exc), exc_info=exc, extra={"status_code": 400, "request": request}
        )
        if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
            return exceptions.ParseError(str(exc))
        return exceptions.ParseError()
