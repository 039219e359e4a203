"""Requests no page or endpoint can mean: refused before any view runs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class NulCharactersMiddleware:
    """A NUL character in the path or the query string is in no slug, word or
    filter of ours (and PostgreSQL refuses even to compare text holding one): the
    request is answered 400 with a clear error, in the API's error shape under
    /api/, and changes nothing. Request bodies are left to the forms and
    serializers, which refuse NUL characters in text fields themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The address holds a NUL character, which nothing here uses.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "client_error",
                        "errors": [
                            {"code": "parse_error", "detail": message, "attr": None}
                        ],
                    },
                    status=400,
                )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class ApiLanguageMiddleware:
    """API clients choose the language of content with `?lang=` (en, zh-hans, ja),
    or else with `Accept-Language`, which `LocaleMiddleware` has read. An unknown
    `lang` is answered 400 and changes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and "lang" in request.GET:
            from django.utils import translation

            from marketplace.translations import content_languages, normalize_language

            asked = request.GET["lang"]
            language = normalize_language(asked)
            if not language:
                return JsonResponse(
                    {
                        "type": "validation_error",
                        "errors": [
                            {
                                "code": "invalid_language",
                                "detail": _(
                                    "Unknown language “%(language)s”: use one of "
                                    "%(languages)s."
                                )
                                % {
                                    "language": asked[:20],
                                    "languages": ", ".join(content_languages()),
                                },
                                "attr": "lang",
                            }
                        ],
                    },
                    status=400,
                )
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
