from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100) on every list of API v1."""

    page_size_query_param = "page_size"
    max_page_size = 100
