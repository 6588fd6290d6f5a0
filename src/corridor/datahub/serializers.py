from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from corridor.core.serializers import BackgroundRunSerializer

from .models import DataFile, Dataset, DatasetVersion, ProfileRun


class DataFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    parquet_url = serializers.SerializerMethodField()

    class Meta:
        model = DataFile
        fields = [
            "id",
            "title",
            "format",
            "kind",
            "licence",
            "size",
            "checksum",
            "table_schema",
            "report",
            "download_url",
            "parquet_url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(f"/api/datahub/files/{obj.pk}/download/")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_parquet_url(self, obj) -> str | None:
        if not obj.parquet:
            return None
        return self.context["request"].build_absolute_uri(
            f"/api/datahub/files/{obj.pk}/download/?format=parquet"
        )


class VersionSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(read_only=True)
    files = DataFileSerializer(many=True, read_only=True)

    class Meta:
        model = DatasetVersion
        fields = ["number", "identifier", "status", "notes", "published_at", "files"]


class DatasetSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    countries = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    sectors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    themes = serializers.ListField(child=serializers.CharField(), read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Dataset
        fields = [
            "slug",
            "identifier",
            "title",
            "description",
            "organisation",
            "themes",
            "sectors",
            "countries",
            "temporal_start",
            "temporal_end",
            "update_frequency",
            "next_update",
            "is_overdue",
            "methodology",
            "caveats",
            "personal_data",
            "access_level",
            "is_fictional",
            "updated_at",
        ]


class DatasetDetailSerializer(DatasetSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(DatasetSerializer.Meta):
        fields = [*DatasetSerializer.Meta.fields, "versions"]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, obj) -> list:
        return VersionSerializer(self.context["versions"], many=True, context=self.context).data


class ProfileRunSerializer(BackgroundRunSerializer):
    class Meta(BackgroundRunSerializer.Meta):
        model = ProfileRun
        fields = [*BackgroundRunSerializer.Meta.fields, "result"]
