from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Assignment, Attachment, Call, Proposal


class CallSerializer(serializers.ModelSerializer):
    themes = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    lottery_seed = serializers.SerializerMethodField()
    lottery_group = serializers.SerializerMethodField()
    lottery_winners = serializers.SerializerMethodField()

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
            "time_zone",
            "lottery_seed",
            "lottery_group",
            "lottery_winners",
        ]

    def get_themes(self, obj) -> list[str]:
        return obj.themes()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_lottery_seed(self, obj) -> int | None:
        """The seed of the funding-line lottery, published once decisions are recorded."""
        lottery = obj.published_lottery
        return lottery["seed"] if lottery else None

    def get_lottery_group(self, obj) -> list[int]:
        """Proposal ids drawn among at the funding line (sort them, shuffle with the seed)."""
        lottery = obj.published_lottery
        return list(lottery["group"]) if lottery else []

    def get_lottery_winners(self, obj) -> list[int]:
        lottery = obj.published_lottery
        return list(lottery["winners"]) if lottery else []


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text="The access-checked download (signed in)."
    )

    class Meta:
        model = Attachment
        fields = ["id", "kind", "size", "uploaded_at", "download_url"]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
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
            "attachments",
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
