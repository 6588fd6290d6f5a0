from rest_framework import serializers

from .enums import Language, ModerationAction, PostStatus
from .models import Announcement, Comment, ModerationRecord
from .rendering import render_markdown


class AnnouncementSerializer(serializers.ModelSerializer):
    tags = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Announcement
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "body",
            "body_html",
            "tags",
            "language",
            "status",
            "publish_at",
            "url",
        ]
        read_only_fields = fields

    def get_tags(self, obj) -> list[str]:
        return [t.slug for t in obj.tags.all()]

    def get_body_html(self, obj) -> str:
        return render_markdown(obj.body)


class AnnouncementWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=400)
    body = serializers.CharField(max_length=40000)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=10)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    status = serializers.ChoiceField(choices=PostStatus.choices, required=False)
    publish_at = serializers.DateTimeField(required=False, allow_null=True)


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True)
    announcement = serializers.SlugField(source="announcement.slug", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "announcement", "author_name", "body", "status", "created_at"]
        read_only_fields = fields


class CommentWriteSerializer(serializers.Serializer):
    announcement = serializers.SlugField()
    body = serializers.CharField(max_length=2000)


class ReportSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ModerationAction.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ModerationRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModerationRecord
        fields = ["id", "comment", "action", "reason", "created_at"]
        read_only_fields = fields
