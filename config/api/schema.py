"""How API v1's OpenAPI schema is generated: drf-standardized-errors' AutoSchema,
told which errors our views can answer, and the response headers of paged lists."""

from __future__ import annotations

import re

from django.db import models
from drf_spectacular.plumbing import is_list_serializer
from drf_spectacular.utils import extend_schema_field
from drf_standardized_errors.openapi import AutoSchema as StandardizedAutoSchema
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ServerErrorEnum,
    ValidationErrorEnum,
)
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from drf_standardized_errors.settings import package_settings
from inflection import camelize
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings


def only_api_v1(endpoints):
    """Keep the OpenAPI schema to API v1; Wagtail's admin API is internal."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class ErrorCode409Enum(models.TextChoices):
    CONFLICT = "conflict"


class ErrorCode413Enum(models.TextChoices):
    REQUEST_TOO_LARGE = "request_too_large"


class Error409Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ErrorCode409Enum.choices)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse409Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error409Serializer(many=True)


class Error413Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ErrorCode413Enum.choices)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse413Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error413Serializer(many=True)


class ErrorCode503Enum(models.TextChoices):
    # A card payment could not be prepared: Stripe is out of reach.
    PAYMENT_UNAVAILABLE = "payment_unavailable"


class Error503Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ErrorCode503Enum.choices)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse503Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ServerErrorEnum.choices)
    errors = Error503Serializer(many=True)


# `field_name` of `extend_validation_errors` for errors a view's services may raise:
# on any field of the request, or on none (`attr` null).
ANY_FIELD = "*"


def service_validation_errors(*methods: str):
    """Declares that a view's services may refuse a request with validation errors
    of their own (code `invalid`), on any field or on the whole request."""
    return extend_validation_errors(
        ["invalid"], field_name=ANY_FIELD, methods=list(methods) or None
    )


def _attr_field(attr: str | None) -> serializers.Field:
    """`attr` of one field's errors. Errors of list items and dict values name the
    index or key (`plans.0.code`), which the schema gives as a pattern."""
    if attr == ANY_FIELD:
        return serializers.CharField(
            allow_null=True, help_text="The field, or null for the whole request."
        )
    index = package_settings.LIST_INDEX_IN_API_SCHEMA
    key = package_settings.DICT_KEY_IN_API_SCHEMA
    separator = package_settings.NESTED_FIELD_SEPARATOR
    parts = (attr or "").split(separator)
    if index not in parts and key not in parts:
        return serializers.ChoiceField(choices=[(attr, attr)], allow_null=not attr)
    pattern = re.escape(separator).join(
        r"\d+" if part == index else r"[^.]+" if part == key else re.escape(part)
        for part in parts
    )

    @extend_schema_field({"type": "string", "pattern": f"^{pattern}$"})
    class AttrField(serializers.CharField):
        pass

    return AttrField()


def _field_errors_serializer(
    operation: str, attr: str | None, codes: set[str]
) -> type[serializers.Serializer]:
    name = "Service" if attr == ANY_FIELD else camelize((attr or "").replace(".", "_"))
    suffix = package_settings.ERROR_COMPONENT_NAME_SUFFIX
    return type(
        "ErrorSerializer",
        (serializers.Serializer,),
        {
            "attr": _attr_field(attr),
            "code": serializers.ChoiceField(choices=sorted((c, c) for c in codes)),
            "detail": serializers.CharField(),
            "Meta": type("Meta", (), {"ref_name": f"{operation}{name}{suffix}"}),
        },
    )


class AutoSchema(StandardizedAutoSchema):
    """Documents the errors our views answer beyond what drf-standardized-errors
    infers: 403 from role checks inside views, 413 on requests with a body,
    validation errors raised by services (declared on the view with
    `extend_validation_errors`), and the headers of paged lists."""

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code == "413" and not self._has_request_body():
            return False
        return super()._should_add_error_response(responses, status_code)

    def _has_request_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH") and bool(
            self.get_request_serializer()
        )

    def _should_add_http403_error_response(self) -> bool:
        # Views check roles themselves (a buyer's, a vendor's), so any view that
        # lets more than everyone in can refuse.
        permissions = self.view.get_permissions()
        return not all(type(permission) is AllowAny for permission in permissions)

    def _get_validation_error_codes_by_field(self, data_fields):
        """drf-standardized-errors files the errors of a list of objects under
        `plans.non_field_errors`; a null list (`plans`) or a null item (`plans.0`) is
        answered under those names, which are added here."""
        codes = super()._get_validation_error_codes_by_field(data_fields)
        separator = package_settings.NESTED_FIELD_SEPARATOR
        suffix = f"{separator}{api_settings.NON_FIELD_ERRORS_KEY}"
        for data_field in data_fields:
            if is_list_serializer(data_field.field) and data_field.name.endswith(
                suffix
            ):
                attr = data_field.name.removesuffix(suffix)
                index = package_settings.LIST_INDEX_IN_API_SCHEMA
                codes[attr].add("null")
                codes[f"{attr}{separator}{index}"].add("null")
        return codes

    def _get_serializer_for_validation_error_response(self):
        """drf-standardized-errors' validation error format, each field's errors an
        alternative (anyOf, as a pattern cannot be a discriminator, and a service's
        errors may concern any field)."""
        fields = self._determine_fields_with_error_codes()
        codes_by_attr = self._get_validation_error_codes_by_field(fields)
        operation = camelize(self.get_operation_id())
        alternatives = [
            self.resolve_serializer(
                _field_errors_serializer(operation, attr, codes), "response"
            ).ref
            for attr, codes in codes_by_attr.items()
        ]

        @extend_schema_field({"type": "array", "items": {"anyOf": alternatives}})
        class ErrorsField(serializers.ListField):
            pass

        return type(
            "ValidationErrorSerializer",
            (serializers.Serializer,),
            {
                "type": serializers.ChoiceField(choices=ValidationErrorEnum.choices),
                "errors": ErrorsField(),
                "Meta": type("Meta", (), {"ref_name": f"{operation}ValidationError"}),
            },
        )

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        paginator = self._get_paginator()
        describe = getattr(paginator, "get_paginated_response_headers_schema", None)
        if describe and "200" <= str(status_code) < "300" and self._is_list_view():
            headers = {**describe(), **headers}
        return headers
