from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import ConformanceCheck, Instrument, RecognitionArea, StatusChange


class InstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ["id", "side", "name", "citation", "year", "note", "source_url"]


STATUS_HELP = "recognised, equivalent (with conditions), negotiating, not_recognised"


class StatusChangeSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = StatusChange
        fields = ["date", "from_status", "to_status", "decision", "is_fictional"]


class RecognitionAreaSerializer(serializers.ModelSerializer):
    domain_label = serializers.CharField(source="get_domain_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    instruments = InstrumentSerializer(many=True, read_only=True)

    class Meta:
        model = RecognitionArea
        fields = [
            "domain",
            "domain_label",
            "status",
            "status_label",
            "summary",
            "evidence",
            "decisions",
            "instruments",
            "updated_at",
        ]


class RecognitionAreaDetailSerializer(RecognitionAreaSerializer):
    history = StatusChangeSerializer(source="changes", many=True, read_only=True)

    class Meta(RecognitionAreaSerializer.Meta):
        fields = [*RecognitionAreaSerializer.Meta.fields, "history"]


class ConformanceCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConformanceCheck
        fields = [
            "id",
            "created_at",
            "document_kind",
            "packs",
            "valid",
            "fatal_count",
            "warning_count",
            "failing_rules",
            "country",
        ]


class CheckRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The document (multipart). A raw XML or JSON body works too.")
    packs = serializers.CharField(
        required=False, help_text="Comma-separated packs: EN,MY,KE,XB,CL (default: those that apply)."
    )


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["fatal", "warning", "information"])
    location = serializers.CharField()
    message = serializers.CharField()
    fix = serializers.CharField(required=False)


class ReportSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    findings = FindingSerializer(many=True)
    packs = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "example": {"EN": "EN16931-2017-corridor.1"},
        }
    )
    def get_packs(self, obj) -> dict:
        return obj["packs"]


class StatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    valid = serializers.IntegerField()
    by_country = serializers.ListField(child=serializers.DictField())
    by_kind = serializers.ListField(child=serializers.DictField())
    top_failing = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
