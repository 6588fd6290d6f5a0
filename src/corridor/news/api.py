"""REST endpoints of news. Thin: the same services, queries and access rules as the pages."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from . import access, queries, services
from .enums import Language
from .models import Announcement, Comment
from .serializers import (
    AnnouncementSerializer,
    AnnouncementWriteSerializer,
    CommentModerateSerializer,
    CommentReportSerializer,
    ModerationRecordSerializer,
    NewsCommentSerializer,
    NewsCommentWriteSerializer,
)


class AnnouncementFilter(django_filters.FilterSet):
    tag = django_filters.CharFilter(field_name="tags__slug", distinct=True)
    language = django_filters.ChoiceFilter(choices=Language.choices)

    class Meta:
        model = Announcement
        fields = ["tag", "language"]


class AnnouncementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Published announcements; the secretariat also sees drafts and scheduled ones and writes;
    an announcement's author changes and deletes it."""

    serializer_class = AnnouncementSerializer
    lookup_field = "slug"
    filterset_class = AnnouncementFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["publish_at", "title"]
    permission_classes = [IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return queries.announcements(user=self.request.user, include_unpublished=True)

    def get_object(self):
        return queries.get_announcement(self.request.user, slug=self.kwargs["slug"])

    @extend_schema(request=AnnouncementWriteSerializer, responses={201: AnnouncementSerializer})
    def create(self, request, *args, **kwargs):
        access.require_secretariat(request.user, hide=False)
        data = AnnouncementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.create_announcement(by=request.user, **data.validated_data)
        return Response(AnnouncementSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnnouncementWriteSerializer, responses=AnnouncementSerializer)
    def partial_update(self, request, *args, **kwargs):
        access.require_secretariat(request.user)
        post = queries.get_announcement(request.user, slug=kwargs["slug"])
        data = AnnouncementWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        post = services.update_announcement(announcement=post, by=request.user, **data.validated_data)
        return Response(AnnouncementSerializer(post).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        """Delete an announcement (its author only) with its comments."""
        access.require_secretariat(request.user)
        post = queries.get_announcement(request.user, slug=kwargs["slug"])
        services.delete_announcement(announcement=post, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentFilter(django_filters.FilterSet):
    announcement = django_filters.CharFilter(field_name="announcement__slug")

    class Meta:
        model = Comment
        fields = ["announcement"]


class CommentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Visible comments on published announcements; signed-in users comment and report."""

    serializer_class = NewsCommentSerializer
    filterset_class = CommentFilter
    search_fields: list[str] = []
    ordering_fields = ["created_at"]
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        return queries.visible_comments()

    def get_object(self):
        return queries.get_comment(self.request.user, self.kwargs["pk"])

    @extend_schema(request=NewsCommentWriteSerializer, responses={201: NewsCommentSerializer})
    def create(self, request, *args, **kwargs):
        data = NewsCommentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = queries.get_announcement(request.user, slug=data.validated_data["announcement"])
        comment = services.add_comment(announcement=post, by=request.user, body=data.validated_data["body"])
        return Response(NewsCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentReportSerializer, responses={201: CommentReportSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def report(self, request, pk=None):
        """Report a comment to the secretariat (once per user and comment)."""
        comment = self.get_object()
        data = CommentReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_comment(comment=comment, by=request.user, **data.validated_data)
        return Response({"reason": report.reason}, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentModerateSerializer, responses={201: ModerationRecordSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def moderate(self, request, pk=None):
        """The secretariat approves, hides or removes a comment, with the reason kept."""
        access.require_secretariat(request.user)
        comment = self.get_object()
        data = CommentModerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.moderate(comment=comment, by=request.user, **data.validated_data)
        return Response(ModerationRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=NewsCommentSerializer(many=True))
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def queue(self, request):
        """The moderation queue (secretariat): pending and reported comments."""
        qs = queries.moderation_queue(request.user)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(NewsCommentSerializer(page, many=True).data)
