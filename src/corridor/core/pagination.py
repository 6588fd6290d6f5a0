"""The one pagination of every list endpoint: ``?page=N``, 25 items a page (``PAGE_SIZE``),
answered as ``{"count", "next", "previous", "results"}``."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page-number pagination shared by every module's list endpoints."""
