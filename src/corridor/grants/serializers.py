from rest_framework import serializers

from .models import Assignment, Call, Proposal


class CallSerializer(serializers.ModelSerializer):
    themes = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Call
        fields = [
            "slug",
            "title",
            "description",
            "currency",
            "total_budget",
            "max_award",
            "opens_at",
            "closes_at",
            "review_deadline",
            "startup_required",
            "reviews_per_proposal",
            "score_scale",
            "status",
            "themes",
            "is_open",
        ]

    def get_themes(self, obj) -> list[str]:
        return obj.themes()


class ProposalSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_country = serializers.CharField(source="lead.country_id", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "call",
            "title",
            "lead",
            "lead_country",
            "abstract",
            "keywords",
            "theme",
            "status",
            "submitted_at",
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    """A reviewer's own assignment: never another reviewer's name."""

    proposal = ProposalSerializer(read_only=True)
    reviewed = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "proposal", "affinity", "reviewed"]

    def get_reviewed(self, obj) -> bool:
        review = getattr(obj, "review", None)
        return bool(review and review.submitted_at)
