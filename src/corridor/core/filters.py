"""The one filter style of list endpoints.

Every module's list endpoint filters through a django-filter ``FilterSet`` built on
``ListFilterSet`` and pages with the shared ``core.pagination.Pagination`` (settings'
``DEFAULT_PAGINATION_CLASS``). The same query parameters mean the same thing everywhere:

* ``q`` — text search over the FilterSet's ``search_fields`` (case-insensitive, any word order);
* ``country`` — an ISO alpha-2 code (``MY``, ``KE``);
* ``sector`` — a sector slug;
* ``status`` — the record's status value;
* ``ordering`` — a field name, ``-`` for descending (the allowed names are in the schema).

A viewset sets ``filter_backends = LIST_FILTER_BACKENDS`` and ``filterset_class``; drf-spectacular
documents each parameter from the FilterSet. Bad values answer 400 naming the parameter.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend

LIST_FILTER_BACKENDS = [DjangoFilterBackend]


class ListFilterSet(django_filters.FilterSet):
    """Base of every list endpoint's FilterSet: ``q`` searches ``search_fields``."""

    q = django_filters.CharFilter(method="filter_q", label="Text search", max_length=200)

    #: model lookups ``q`` searches (``icontains``); every word must match one of them
    search_fields: tuple[str, ...] = ()

    def filter_q(self, queryset, name, value):
        words = (value or "").split()
        if not words or not self.search_fields:
            return queryset
        for word in words[:10]:
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset.distinct() if any("__" in f for f in self.search_fields) else queryset


def country_filter(field_name: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name=field_name, lookup_expr="iexact", max_length=2, label="Country (ISO alpha-2)"
    )


def sector_filter(field_name: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name=field_name, distinct=True, label="Sector slug")


def ordering_filter(*fields) -> django_filters.OrderingFilter:
    """``ordering=<name>`` or ``ordering=-<name>``; each of ``fields`` is a model field (its own
    public name) or a ``(model lookup, public name)`` pair."""
    pairs = [f if isinstance(f, tuple) else (f, f) for f in fields]
    return django_filters.OrderingFilter(fields=pairs, label="Order by")
