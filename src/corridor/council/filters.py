"""Filters of the council's list endpoints (the shared style of ``core.filters``)."""

import django_filters

from corridor.core.enums import Pillar
from corridor.core.filters import ListFilterSet, country_filter, ordering_filter

from .enums import IndicatorSource, ReviewStatus, ValueStatus
from .models import Indicator, IndicatorValue, Review


class IndicatorFilter(ListFilterSet):
    search_fields = ("code", "name")
    pillar = django_filters.ChoiceFilter(choices=Pillar.choices)
    source = django_filters.ChoiceFilter(choices=IndicatorSource.choices)
    ordering = ordering_filter("position", "code", "name")

    class Meta:
        model = Indicator
        fields = ["q", "pillar", "source"]


class IndicatorValueFilter(ListFilterSet):
    search_fields = ("indicator__code", "indicator__name")
    indicator = django_filters.CharFilter(field_name="indicator__code", label="Indicator code")
    period = django_filters.CharFilter(max_length=7, label="Half-year such as 2026-H1")
    status = django_filters.ChoiceFilter(choices=ValueStatus.choices)
    country = country_filter("country__code")
    ordering = ordering_filter("period", "version", "created_at")

    class Meta:
        model = IndicatorValue
        fields = ["q", "indicator", "period", "status", "country"]


class ReviewFilter(ListFilterSet):
    search_fields = ("title", "period")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    period = django_filters.CharFilter(max_length=7, label="Half-year such as 2026-H1")
    ordering = ordering_filter("period", "published_at")

    class Meta:
        model = Review
        fields = ["q", "status", "period"]
