"""REST endpoints for matchmaking. Thin: the same services and access helpers as the pages,
so a participant sees only their own registrations, requests, agenda and outcomes."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from corridor.core.filters import LIST_FILTER_BACKENDS
from corridor.core.pagination import Pagination

from . import access, indicators, queries, scheduling, services
from .enums import UNPLACED_REASONS
from .filters import EventFilter, MeetingFilter, MeetingRequestFilter, OutcomeFilter, RegistrationFilter
from .models import Meeting, MeetingRequest, Outcome, Registration
from .serializers import (
    CatalogueEntrySerializer,
    CatalogueFilterSerializer,
    EventSerializer,
    EventStatsSerializer,
    EventWriteSerializer,
    MasterMeetingSerializer,
    MeetingRequestSerializer,
    MeetingRequestWriteSerializer,
    MeetingSerializer,
    OrganiserRegistrationSerializer,
    OutcomeSerializer,
    OutcomeWriteSerializer,
    PrioritySerializer,
    RegistrationSerializer,
    RegistrationWriteSerializer,
    ScheduleRunSerializer,
    ScheduleStartSerializer,
    ScheduleStatusSerializer,
)

EVENT_SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Event slug")


class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Matchmaking events: published ones for everyone, drafts for their organisers."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = EventFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) and self.filterset_class is not EventFilter:
            # the schema of an organiser's list (registrations, requests, meetings): its own model
            return self.filterset_class._meta.model.objects.none()
        return queries.event_detail_queryset(self.request.user)

    def get_object(self):
        event = access.get_event(self.request.user, slug=self.kwargs["slug"])
        return self.get_queryset().get(pk=event.pk)

    @extend_schema(request=EventWriteSerializer, responses={201: EventSerializer})
    def create(self, request, *args, **kwargs):
        data = EventWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.create_event(by=request.user, **data.validated_data)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer, responses=EventSerializer)
    def partial_update(self, request, *args, **kwargs):
        event = access.get_event(request.user, slug=kwargs["slug"], for_organiser=True)
        data = EventWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        event = services.update_event(event=event, by=request.user, **data.validated_data)
        return Response(EventSerializer(event).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    # -- the organiser's views of the event (404 for everyone else, as on the pages) --

    def _organised(self):
        return access.get_event(self.request.user, slug=self.kwargs["slug"], for_organiser=True)

    def _paged(self, qs, serializer_class):
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    def _filtered(self, qs, serializer_class):
        """``qs`` through the action's FilterSet (400 naming a bad parameter), then paged."""
        return self._paged(self.filter_queryset(qs), serializer_class)

    @extend_schema(parameters=[EVENT_SLUG], responses=OrganiserRegistrationSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="registrations",
        pagination_class=Pagination,
        filterset_class=RegistrationFilter,
    )
    def registrations(self, request, slug=None):
        """Everyone registered for the event (organisers only)."""
        return self._filtered(
            queries.registrations_of_event(self._organised()), OrganiserRegistrationSerializer
        )

    @extend_schema(parameters=[EVENT_SLUG], responses=MeetingRequestSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="requests",
        pagination_class=Pagination,
        filterset_class=MeetingRequestFilter,
    )
    def requests(self, request, slug=None):
        """Every meeting request of the event (organisers only)."""
        qs = queries.requests_of_event(self._organised()).order_by("-created_at", "-id")
        return self._filtered(qs, MeetingRequestSerializer)

    @extend_schema(parameters=[EVENT_SLUG], responses=MasterMeetingSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="meetings",
        pagination_class=Pagination,
        filterset_class=MeetingFilter,
    )
    def meetings(self, request, slug=None):
        """The master schedule: every placed meeting by slot and table (organisers only)."""
        qs = queries.scheduled_meetings(self._organised()).order_by("slot__index", "table__name", "pk")
        return self._filtered(qs, MasterMeetingSerializer)

    @extend_schema(methods=["GET"], responses=ScheduleStatusSerializer)
    @extend_schema(methods=["POST"], request=ScheduleStartSerializer, responses={202: ScheduleRunSerializer})
    @action(detail=True, methods=["get", "post"], url_path="schedule", pagination_class=None)
    def schedule(self, request, slug=None):
        """GET: the latest scheduling run with its progress, and every accepted meeting without a
        slot with the reason. POST: start a run (incremental keeps confirmed meetings; full may
        move them). Organisers only."""
        event = self._organised()
        if request.method == "POST":
            data = ScheduleStartSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            run = scheduling.run_schedule(event=event, by=request.user, mode=data.validated_data["mode"])
            run.refresh_from_db()
            return Response(ScheduleRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

        def row(meeting, code):
            return {
                "meeting": meeting.pk,
                "requester": meeting.request.requester,
                "receiver": meeting.request.receiver,
                "reason": code,
                "reason_text": str(UNPLACED_REASONS.get(code, code)),
            }

        current = queries.schedule_status(event)
        payload = {
            "run": current["run"],
            "scheduled": current["scheduled"],
            "unplaced": [row(m, m.unplaced_reason or "not_selected") for m in current["unplaced"]],
            "precheck": [row(m, code) for m, code, _text in scheduling.unplaceable(event)],
        }
        return Response(ScheduleStatusSerializer(payload).data)

    @extend_schema(responses=EventStatsSerializer)
    @action(detail=True, methods=["get"], url_path="stats", pagination_class=None)
    def stats(self, request, slug=None):
        """Registrations, requests, acceptance, meetings, outcomes and deal value (organisers only)."""
        return Response(EventStatsSerializer(indicators.organiser_statistics(self._organised())).data)

    @extend_schema(parameters=[CatalogueFilterSerializer], responses=CatalogueEntrySerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="participants",
        pagination_class=Pagination,
        permission_classes=[IsAuthenticated],
    )
    def participants(self, request, slug=None):
        """The event's catalogue for its registered participants: the other participants,
        filtered like the page, recommended partners first."""
        event = access.get_event(request.user, slug=slug)
        mine = access.get_registration(request.user, event=event)
        params = CatalogueFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = {k: v for k, v in params.validated_data.items() if v}
        return self._paged(queries.catalogue(event=event, viewer=mine, **filters), CatalogueEntrySerializer)


class RegistrationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Your own event registrations."""

    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = RegistrationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return queries.own_registrations(self.request.user)

    @extend_schema(request=RegistrationWriteSerializer, responses={201: RegistrationSerializer})
    def create(self, request, *args, **kwargs):
        data = RegistrationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        event = access.get_event(request.user, slug=payload.pop("event", ""))
        org = queries.organisation_by_slug(payload.pop("organisation", ""))
        reg = services.register(event=event, by=request.user, organisation=org, **payload)
        return Response(RegistrationSerializer(reg).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RegistrationWriteSerializer, responses=RegistrationSerializer)
    def partial_update(self, request, *args, **kwargs):
        reg = self.get_object()
        data = RegistrationWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        payload = {k: v for k, v in data.validated_data.items() if k not in ("event", "organisation")}
        reg = services.update_registration(registration=reg, by=request.user, **payload)
        return Response(RegistrationSerializer(reg).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class MeetingRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Meeting requests you sent or received."""

    serializer_class = MeetingRequestSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = MeetingRequestFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeetingRequest.objects.none()
        return queries.requests_for_user(self.request.user)

    def get_object(self):
        return access.get_request(self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=MeetingRequestWriteSerializer, responses={201: MeetingRequestSerializer})
    def create(self, request, *args, **kwargs):
        data = MeetingRequestWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        event = access.get_event(request.user, slug=payload.pop("event"))
        receiver = queries.get_receiver(event, payload.pop("receiver"))
        req = services.send_request(event=event, by=request.user, receiver=receiver, **payload)
        return Response(MeetingRequestSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PrioritySerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a request you received (with your own priority, 1–3)."""
        req = self.get_object()
        data = PrioritySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.accept_request(
            request=req, by=request.user, priority=data.validated_data["priority"]
        )
        meeting = queries.meeting_for_user(request.user, meeting.pk)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(request=None, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        req = services.decline_request(request=self.get_object(), by=request.user)
        return Response(MeetingRequestSerializer(req).data)

    @extend_schema(request=None, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        req = services.cancel_request(request=self.get_object(), by=request.user)
        return Response(MeetingRequestSerializer(req).data)


class AgendaViewSet(viewsets.ReadOnlyModelViewSet):
    """Your meetings (your agenda), in time order."""

    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = MeetingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        return queries.meetings_for_user(self.request.user)

    def get_object(self):
        meeting = access.get_meeting(self.request.user, pk=self.kwargs["pk"])
        if self.request.user.pk not in (meeting.request.requester.user_id, meeting.request.receiver.user_id):
            raise access.NotFound
        return meeting


class OutcomeViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Outcomes you recorded for your meetings."""

    serializer_class = OutcomeSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = OutcomeFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Outcome.objects.none()
        return queries.own_outcomes(self.request.user)

    @extend_schema(request=OutcomeWriteSerializer, responses={201: OutcomeSerializer})
    def create(self, request, *args, **kwargs):
        data = OutcomeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        meeting = access.get_meeting(request.user, pk=payload.pop("meeting"))
        outcome = services.record_outcome(meeting=meeting, by=request.user, **payload)
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
