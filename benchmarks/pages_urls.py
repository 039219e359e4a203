"""The site's URLs, and the page benchmark's baseline: the base template with no
content. Only `benchmarks/pages.py` serves these (through `pages_settings.py`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import handler400
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "urlpatterns"]


def bare_template(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [path("bench/template/", bare_template), *site_urlpatterns]
