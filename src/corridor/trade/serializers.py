from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from corridor.core.serializers import BackgroundRunSerializer

from .enums import SourceFormat
from .models import ImportJob, TradeRelease


class TradeReleaseSerializer(serializers.ModelSerializer):
    source_format = serializers.ChoiceField(source="format", choices=SourceFormat.choices, read_only=True)
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = TradeRelease
        fields = [
            "id",
            "dataset",
            "source_format",
            "title",
            "label",
            "source_name",
            "source_url",
            "file_name",
            "file_sha256",
            "row_count",
            "year_min",
            "year_max",
            "is_illustrative",
            "is_published",
            "published_at",
            "is_current",
            "supersedes",
            "created_at",
        ]


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    field = serializers.CharField(allow_blank=True)
    problem = serializers.CharField()


class ImportJobSerializer(BackgroundRunSerializer):
    """The shared background-run shape (id, status, progress, message, created/started/finished)
    plus the import's own fields; ``result`` says what a finished import did."""

    source_format = serializers.ChoiceField(source="format", choices=SourceFormat.choices, read_only=True)
    errors = ImportProblemSerializer(many=True, read_only=True)
    release = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(BackgroundRunSerializer.Meta):
        model = ImportJob
        fields = [
            *BackgroundRunSerializer.Meta.fields,
            "result",
            "source_format",
            "dataset",
            "title",
            "file_name",
            "error_count",
            "errors",
            "release",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    source_format = serializers.ChoiceField(choices=SourceFormat.choices)
    dataset = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    source_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    expected_year = serializers.IntegerField(required=False, allow_null=True, min_value=1962, max_value=2100)


class TableSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    source = serializers.CharField(help_text=_("Source name and release of the figures."))


class TrajectoryPointSerializer(serializers.Serializer):
    t = serializers.FloatField()
    year = serializers.IntegerField()
    half = serializers.IntegerField()
    label = serializers.CharField()
    value = serializers.FloatField()


@extend_schema_serializer(many=False)  # one object, though served by a view set's list action
class TargetStatusSerializer(serializers.Serializer):
    configured = serializers.BooleanField()
    status = serializers.CharField(help_text=_("green, amber, red, no_data or no_target"))
    currency = serializers.CharField(required=False)
    baseline_year = serializers.IntegerField(required=False)
    baseline_value = serializers.FloatField(required=False)
    target_year = serializers.IntegerField(required=False)
    target_value = serializers.FloatField(required=False)
    required_cagr = serializers.FloatField(required=False)
    tolerance = serializers.FloatField(required=False)
    trajectory = TrajectoryPointSerializer(many=True, required=False)
    observations = serializers.ListField(child=serializers.DictField(), required=False)
    latest = serializers.DictField(required=False, allow_null=True)
    projection = serializers.DictField(required=False, allow_null=True)
    trend_rate = serializers.FloatField(required=False, allow_null=True)
