from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .enums import Language, ModerationAction, PostStatus
from .models import Announcement, Comment, ModerationRecord
from .rendering import render_markdown


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A choice documented as a plain string with its codes in the help text (one enum component
    per field name would collide with other modules' ``status`` and ``language``)."""


class AnnouncementSerializer(serializers.ModelSerializer):
    language = serializers.CharField(read_only=True, help_text="en, ms or sw")
    status = serializers.CharField(read_only=True, help_text="draft, scheduled or published")
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
    language = CodeField(choices=Language.choices, required=False, help_text="en, ms or sw")
    status = CodeField(choices=PostStatus.choices, required=False, help_text="draft, scheduled or published")
    publish_at = serializers.DateTimeField(required=False, allow_null=True)


class NewsCommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True)
    announcement = serializers.SlugField(source="announcement.slug", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "announcement", "author_name", "body", "status", "created_at"]
        read_only_fields = fields


class NewsCommentWriteSerializer(serializers.Serializer):
    announcement = serializers.SlugField()
    body = serializers.CharField(max_length=2000)


class CommentReportSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class CommentModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ModerationAction.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ModerationRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModerationRecord
        fields = ["id", "comment", "action", "reason", "created_at"]
        read_only_fields = fields
