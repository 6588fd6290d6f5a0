"""REST endpoints of messaging, mounted at /api/messaging/. Thin: the same services, queries and
access rules as the pages. Writes are throttled per user (scope ``messaging``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from corridor.core.throttling import UserRateThrottle
from corridor.orgs.access import acting_organisation_ids

from . import access, queries, services
from .models import Report
from .serializers import (
    MessagingBlockSerializer,
    MessagingConversationSerializer,
    MessagingMarkReadResultSerializer,
    MessagingMarkReadSerializer,
    MessagingMessageSerializer,
    MessagingReportSerializer,
    MessagingReportWriteSerializer,
    MessagingResolveSerializer,
    MessagingSendSerializer,
    MessagingStartSerializer,
    MessagingUnreadSerializer,
)


class MessagingWriteThrottle(UserRateThrottle):
    """Sending, blocking and reporting: 30 requests a minute per user (the services add a
    per-person message budget that pages share)."""

    scope = "messaging"
    rate = "30/min"

    def get_rate(self):
        return self.rate


class ConversationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's conversations (participants only: any other id answers 404)."""

    serializer_class = MessagingConversationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(MessagingWriteThrottle())
        return throttles

    def get_queryset(self):
        return queries.inbox(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        acting_ids = acting_organisation_ids(user) if user.is_authenticated else set()
        context["party_of"] = lambda c: access.own_party(user, c, acting_ids=acting_ids)
        return context

    def get_object(self):
        conversation, _party = access.get_conversation(self.request.user, self.kwargs["pk"])
        conversation.unread = 0
        row = queries.inbox_row(self.request.user, conversation.pk)
        return row or conversation

    @extend_schema(request=MessagingStartSerializer, responses={201: MessagingMessageSerializer})
    def create(self, request, *args, **kwargs):
        """Write to an organisation or a person; continues the existing thread of the two sides."""
        data = MessagingStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.start_conversation(by=request.user, **data.validated_data)
        return Response(
            MessagingMessageSerializer(message, context={"party": message.sender_party}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=MessagingSendSerializer,
        responses={200: MessagingMessageSerializer(many=True), 201: MessagingMessageSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        """GET: the messages, oldest first (paginated). POST: send a reply."""
        conversation, party = access.get_conversation(request.user, pk)
        if request.method == "POST":
            data = MessagingSendSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            message = services.send_message(conversation=conversation, by=request.user, **data.validated_data)
            return Response(
                MessagingMessageSerializer(message, context={"party": party}).data,
                status=status.HTTP_201_CREATED,
            )
        page = self.paginate_queryset(queries.messages_of(conversation))
        return self.get_paginated_response(
            MessagingMessageSerializer(page, many=True, context={"party": party}).data
        )

    @extend_schema(request=MessagingMarkReadSerializer, responses=MessagingMarkReadResultSerializer)
    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request, pk=None):
        """Mark read up to ``upto`` (default: everything). Read marks never move back."""
        conversation, _party = access.get_conversation(request.user, pk)
        data = MessagingMarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upto = services.mark_read(
            conversation=conversation, by=request.user, upto=data.validated_data.get("upto")
        )
        return Response({"read_upto": upto, "unread_total": queries.unread_total(request.user)})

    @extend_schema(request=MessagingBlockSerializer, responses=MessagingConversationSerializer)
    @action(detail=True, methods=["post"])
    def block(self, request, pk=None):
        """Block (``on``: true) or unblock the other side."""
        conversation, _party = access.get_conversation(request.user, pk)
        data = MessagingBlockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.set_blocked(conversation=conversation, by=request.user, on=data.validated_data["on"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=MessagingReportWriteSerializer, responses={201: MessagingReportSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Report the other side to the secretariat (one open report per person and conversation)."""
        conversation, _party = access.get_conversation(request.user, pk)
        data = MessagingReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.report(
            conversation=conversation,
            by=request.user,
            reason=data.validated_data["reason"],
            message_id=data.validated_data.get("message"),
        )
        return Response(MessagingReportSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=MessagingUnreadSerializer)
    @action(detail=False, methods=["get"], url_path="unread")
    def unread(self, request):
        """The caller's unread total (what the nav shows)."""
        return Response({"unread_total": queries.unread_total(request.user)})


class ReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Reports to the secretariat (secretariat only; others get 404)."""

    serializer_class = MessagingReportSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Report.objects.none()
        return queries.reports(self.request.user, status=self.request.query_params.get("status", "open"))

    @extend_schema(request=MessagingResolveSerializer, responses=MessagingReportSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        item = queries.get_report(request.user, pk)
        data = MessagingResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.resolve_report(report=item, by=request.user, **data.validated_data)
        return Response(MessagingReportSerializer(item).data)
