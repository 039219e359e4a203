"""Middleware of the marketplace."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from marketplace.services import page_cache


class EditorialRoutesMiddleware:
    """Wagtail finds the editorial page an address leads to (the home page, Select,
    a collection) with several queries on every request: the site, the locale, each
    level of the page tree, then the view restrictions of the page and those above
    it. The answers stay the same until an editorial page is published,
    unpublished, moved or deleted or a view restriction changes, so each process
    remembers them for the catalog version (`services.page_cache`): finding a page
    again, and seeing that nothing restricts who may view it, then reads nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page_cache.route_recall(request)
        response = self.get_response(request)
        page_cache.route_learn(request, response.status_code)
        return response
