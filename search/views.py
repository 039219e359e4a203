from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page


def search(request: HttpRequest) -> HttpResponse:
    """Site search over the published pages."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.live().public().specific().search(query) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"query": query, "page_obj": page, "count": page.paginator.count},
    )
