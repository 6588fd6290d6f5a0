import django_filters

from .enums import AccessLevel, FileFormat, Licence, Theme
from .models import Dataset


class DatasetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Full-text search")
    theme = django_filters.ChoiceFilter(choices=Theme.choices, method="filter_theme")
    country = django_filters.CharFilter(field_name="countries__code", max_length=2, label="ISO alpha-2")
    licence = django_filters.ChoiceFilter(
        choices=Licence.choices, field_name="versions__files__licence", distinct=True
    )
    access_level = django_filters.ChoiceFilter(choices=AccessLevel.choices)
    file_format = django_filters.ChoiceFilter(
        choices=FileFormat.choices, field_name="versions__files__format", distinct=True
    )

    class Meta:
        model = Dataset
        fields = ["q", "theme", "country", "licence", "access_level", "file_format"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return (
            queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
            if value
            else queryset
        )

    def filter_theme(self, queryset, name, value):
        return queryset.filter(themes__icontains=f'"{value}"') if value else queryset
