"""Filters of the exchange's list endpoints (the shared style of ``core.filters``)."""

import django_filters

from corridor.core.filters import ListFilterSet, country_filter, ordering_filter, sector_filter

from .enums import ApplicationStatus, Direction
from .models import Application, Cohort, Evaluation, Programme


class ProgrammeFilter(ListFilterSet):
    search_fields = ("title", "description")
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    ordering = ordering_filter("title", "created_at")

    class Meta:
        model = Programme
        fields = ["q", "direction"]


class CohortFilter(ListFilterSet):
    search_fields = ("name", "programme__title")
    programme = django_filters.NumberFilter(field_name="programme_id")
    country = country_filter("hosts__organisation__country__code")
    sector = sector_filter("eligible_sectors__slug")
    ordering = ordering_filter("applications_open", "applications_close", "match_date", "starts_on")

    class Meta:
        model = Cohort
        fields = ["q", "programme", "country", "sector"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class ApplicationFilter(ListFilterSet):
    search_fields = ("organisation__name",)
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    cohort = django_filters.NumberFilter(field_name="cohort_id")
    country = country_filter("organisation__country__code")
    sector = sector_filter("organisation__sectors__slug")
    ordering = ordering_filter("created_at", ("organisation__name", "organisation"))

    class Meta:
        model = Application
        fields = ["q", "status", "cohort", "country", "sector"]


class EvaluationFilter(ListFilterSet):
    """A hub member's rankings: by hub place (``host``) or cohort."""

    search_fields = ("application__organisation__name",)
    host = django_filters.NumberFilter(field_name="host_id", label="Host place (id)")
    cohort = django_filters.NumberFilter(field_name="host__cohort_id", label="Cohort (id)")
    ordering = ordering_filter("position", "score")

    class Meta:
        model = Evaluation
        fields = ["q", "host", "cohort"]
