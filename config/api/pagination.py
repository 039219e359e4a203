"""How API v1 pages its lists: `?page=` (from 1) and `?page_size=` on every list.

Most lists answer a page as an object, `{count, next, previous, results}`. A few
answered a bare JSON array before they were paged; they still do, and say where the
other pages are in a `Link` header (RFC 8288) and how many items there are in
`X-Total-Count`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView


class PagePagination(PageNumberPagination):
    """A page as `{count, next, previous, results}`: 20 items unless `page_size`
    asks for more, at most 100."""

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("Invalid page “{page_number}”: {message}.")


class LinkHeaderPagination(PagePagination):
    """A page as a bare JSON array, with `Link` and `X-Total-Count` headers."""

    def get_paginated_response(self, data: Any) -> Response:
        return Response(data, headers=self.get_headers())

    def get_headers(self) -> dict[str, str]:
        """The headers of the page paginate_queryset made."""
        page, url = self.page, self.request.build_absolute_uri()
        links = {"first": self._page_url(url, 1)}
        if page.has_previous():
            links["prev"] = self._page_url(url, page.previous_page_number())
        if page.has_next():
            links["next"] = self._page_url(url, page.next_page_number())
        links["last"] = self._page_url(url, page.paginator.num_pages)
        return {
            "Link": ", ".join(f'<{link}>; rel="{rel}"' for rel, link in links.items()),
            "X-Total-Count": str(page.paginator.count),
        }

    def _page_url(self, url: str, number: int) -> str:
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return schema

    def get_paginated_response_headers_schema(self) -> dict[str, dict]:
        """The response headers of a page, for the OpenAPI schema."""
        return {
            "Link": {
                "schema": {"type": "string"},
                "description": 'The other pages (RFC 8288): rel="first", "prev", '
                '"next" and "last", e.g. `<https://…?page=2>; rel="next"`.',
            },
            "X-Total-Count": {
                "schema": {"type": "integer"},
                "description": "How many items the list has, on all its pages.",
            },
        }


def paged_response(
    view: APIView,
    request: Request,
    items: QuerySet[Any] | Sequence[Any],
    serializer_class: type[BaseSerializer],
    **serializer_kwargs: Any,
) -> Response:
    """One page of `items`, serialized, as the view's `pagination_class` answers
    it."""
    paginator = view.pagination_class()  # type: ignore[attr-defined]
    page = paginator.paginate_queryset(items, request, view=view)
    data = serializer_class(page, many=True, **serializer_kwargs).data
    return paginator.get_paginated_response(data)
