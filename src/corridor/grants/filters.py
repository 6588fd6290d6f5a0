"""Filters of the grants list endpoints (the shared style of ``core.filters``)."""

import django_filters

from corridor.core.filters import ListFilterSet, country_filter, ordering_filter, sector_filter

from .enums import CallStatus, ProposalStatus
from .models import Assignment, Call, Proposal


class CallFilter(ListFilterSet):
    search_fields = ("title", "description")
    status = django_filters.ChoiceFilter(choices=CallStatus.choices)
    sector = sector_filter("sectors__slug")
    ordering = ordering_filter("opens_at", "closes_at", "title")

    class Meta:
        model = Call
        fields = ["q", "status", "sector"]


class ProposalFilter(ListFilterSet):
    search_fields = ("title", "keywords")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    call = django_filters.CharFilter(field_name="call__slug", label="Call slug")
    country = country_filter("lead__country__code")
    sector = sector_filter("sector__slug")
    ordering = ordering_filter("created_at", "title")

    class Meta:
        model = Proposal
        fields = ["q", "status", "call", "country", "sector"]


class AssignmentFilter(ListFilterSet):
    search_fields = ("proposal__title",)
    call = django_filters.CharFilter(field_name="proposal__call__slug", label="Call slug")
    ordering = ordering_filter(("proposal__title", "proposal"), ("proposal__call__closes_at", "deadline"))

    class Meta:
        model = Assignment
        fields = ["q", "call"]
