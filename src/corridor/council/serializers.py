from rest_framework import serializers

from corridor.core.serializers import BackgroundRunSerializer

from .models import Indicator, IndicatorValue, Review, ReviewPdfRun


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "pillar",
            "direction",
            "source",
            "by_country",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "frequency",
        ]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country = serializers.CharField(source="country_id", read_only=True, allow_null=True)
    submitted_by = serializers.StringRelatedField()
    validated_by = serializers.StringRelatedField()

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "period",
            "country",
            "value",
            "unit",
            "version",
            "status",
            "evidence",
            "note",
            "submitted_by",
            "validated_by",
            "validated_at",
            "review_note",
            "created_at",
        ]


class ValueSubmitSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indicator code.")
    period = serializers.CharField(help_text="Half-year such as 2026-H1.")
    country = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    value = serializers.CharField()
    unit = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    draft = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Required (code reason_required) when the half-year's figure is already validated: why it is replaced.",
    )


class ValidateSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.ModelSerializer):
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "period", "title", "status", "published_at", "pdf_url", "snapshot"]

    def get_pdf_url(self, review) -> str | None:
        from django.urls import reverse

        return reverse("council:review_pdf", args=[review.pk])


class IndicatorWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "pillar",
            "direction",
            "source",
            "provider_code",
            "by_country",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "is_public",
        ]


class ReviewOpenSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="Half-year such as 2026-H1.")
    title = serializers.CharField(required=False, allow_blank=True, default="")


class NarrativeSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    text = serializers.CharField()


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField()


class ReviewPdfRunSerializer(BackgroundRunSerializer):
    """The background drawing of an open review's PDF. ``current``: the PDF is drawn and still shows
    the review's figures; ``download_url`` is then where to fetch it."""

    current = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta(BackgroundRunSerializer.Meta):
        model = ReviewPdfRun
        fields = [*BackgroundRunSerializer.Meta.fields, "language", "pdf_size", "current", "download_url"]
        read_only_fields = fields

    def get_current(self, run) -> bool:
        return bool(self.context.get("current"))

    def get_download_url(self, run) -> str | None:
        from django.urls import reverse

        if not self.get_current(run):
            return None
        return reverse("review-pdf-download", args=[run.review_id]) + f"?language={run.language}"


class DraftPdfRequestSerializer(serializers.Serializer):
    language = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        help_text="en, ms or sw; default: the request's language.",
    )
