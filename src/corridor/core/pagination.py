"""The one pagination of every list endpoint: ``?page=N``, 25 items a page (``PAGE_SIZE``),
answered as ``{"count", "next", "previous", "results"}``; and of every list page:
``page_of`` (the page asked for and the query string its pager links keep)."""

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page-number pagination shared by every module's list endpoints."""


def page_of(request, items, per_page: int = 20) -> tuple[Page, str]:
    """The page of ``items`` that ``?page=`` asks for (the last one when out of range), and the
    request's other query parameters, encoded, for the pager's links to keep the filters."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
