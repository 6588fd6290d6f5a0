from rest_framework import serializers

from corridor.core.serializers import BackgroundRunSerializer

from .models import Application, Cohort, Evaluation, HostPlace, Placement, PlacementRun, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "title", "direction", "description", "created_at"]


class HostSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="organisation.country_id", read_only=True)
    focus_sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    offers = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = HostPlace
        fields = ["id", "organisation", "country", "places", "city", "focus_sectors", "offers"]


class CohortSerializer(serializers.ModelSerializer):
    stipend_currency = serializers.CharField(source="stipend_currency_id", read_only=True)
    eligible_stages = serializers.ListField(child=serializers.CharField(), read_only=True)
    hosts = HostSerializer(many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "id",
            "programme",
            "name",
            "starts_on",
            "ends_on",
            "applications_open",
            "applications_close",
            "match_date",
            "stipend_amount",
            "stipend_currency",
            "eligible_stages",
            "founded_after",
            "max_ranked",
            "hosts",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    ranked_hosts = serializers.SerializerMethodField()
    pitch_deck_url = serializers.CharField(
        read_only=True,
        help_text="Where the pitch deck is downloaded (signed in, access-checked); empty without one.",
    )
    state = serializers.CharField(
        source="state_label",
        read_only=True,
        help_text="What the applicant reads: its published placement's status, else the application status.",
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "cohort",
            "organisation",
            "stage",
            "status",
            "state",
            "ranked_hosts",
            "pitch_deck_url",
            "created_at",
        ]

    def get_ranked_hosts(self, obj) -> list[int]:
        return [c.host_id for c in sorted(obj.choices.all(), key=lambda c: c.rank)]


class ApplicationWriteSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    organisation = serializers.SlugField(help_text="Slug of your startup.")
    stage = serializers.CharField()
    hosts = serializers.ListField(child=serializers.IntegerField(), help_text="Host place ids, best first.")
    answers = serializers.ListField(child=serializers.CharField(), required=False)


class EvaluationSerializer(serializers.ModelSerializer):
    applicant = serializers.CharField(source="application.organisation.name", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "host", "application", "applicant", "position", "score", "acceptable"]


class RankingWriteSerializer(serializers.Serializer):
    host = serializers.IntegerField()
    applications = serializers.ListField(
        child=serializers.IntegerField(), help_text="Application ids, best first."
    )


class PlacementSerializer(serializers.ModelSerializer):
    startup = serializers.CharField(source="application.organisation.name", read_only=True)
    host_name = serializers.CharField(source="host.organisation.name", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "application", "startup", "host", "host_name", "choice_rank", "status"]


class RunSerializer(BackgroundRunSerializer):
    class Meta(BackgroundRunSerializer.Meta):
        model = PlacementRun
        fields = [
            *BackgroundRunSerializer.Meta.fields,
            "cohort",
            "mode",
            "stable",
            "blocking_pairs",
            "capacity_violations",
            "stats",
        ]
        read_only_fields = fields


class ResultSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    run = RunSerializer(allow_null=True)
    placements = PlacementSerializer(many=True)
