from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .enums import EventFormat, EventStatus, OutcomeKind
from .models import Event, Meeting, MeetingRequest, Outcome, Registration, Session, Slot


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "name", "starts_at", "ends_at"]


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Slot
        fields = ["id", "index", "starts_at", "ends_at"]


class EventSerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    format = serializers.CharField(read_only=True, help_text=_("in_person, virtual or hybrid"))
    status = serializers.CharField(read_only=True, help_text=_("draft, published or closed"))
    sessions = SessionSerializer(many=True, read_only=True)
    slots = SlotSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "description",
            "format",
            "time_zone",
            "organiser",
            "location",
            "registration_opens_at",
            "registration_closes_at",
            "requests_close_at",
            "max_requests_per_participant",
            "slot_minutes",
            "follow_up_months",
            "status",
            "sessions",
            "slots",
        ]


class EventWriteSerializer(serializers.Serializer):
    """Input shape for events; the rules live in the service."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    format = serializers.ChoiceField(choices=EventFormat.choices, required=False)
    time_zone = serializers.CharField(max_length=64, required=False)
    organiser = serializers.SlugField(
        required=False, allow_null=True, help_text=_("Slug of the organising agency.")
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    registration_opens_at = serializers.DateTimeField(required=False)
    registration_closes_at = serializers.DateTimeField(required=False)
    requests_close_at = serializers.DateTimeField(required=False, allow_null=True)
    max_requests_per_participant = serializers.IntegerField(required=False, min_value=1)
    slot_minutes = serializers.IntegerField(required=False, min_value=5, max_value=240)
    follow_up_months = serializers.IntegerField(required=False, min_value=0, max_value=36)
    status = serializers.ChoiceField(choices=EventStatus.choices, required=False)
    room_link_base = serializers.URLField(required=False, allow_blank=True)


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    availability = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "organisation",
            "wants_to_discuss",
            "time_zone",
            "observes_friday_prayer",
            "subdivision",
            "availability",
            "created_at",
        ]


class RegistrationWriteSerializer(serializers.Serializer):
    event = serializers.SlugField(required=False, help_text=_("Event slug (on create)."))
    organisation = serializers.SlugField(required=False, help_text=_("Your organisation's slug (on create)."))
    availability = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Slot ids; omit for the default (your working hours, without public holidays)."),
    )
    wants_to_discuss = serializers.CharField(required=False, allow_blank=True)
    time_zone = serializers.CharField(max_length=64, required=False)
    observes_friday_prayer = serializers.BooleanField(required=False)
    subdivision = serializers.CharField(max_length=10, required=False, allow_blank=True)


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="organisation.country_id", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "name", "organisation", "country"]


class MeetingRequestSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    requester = ParticipantSerializer(read_only=True)
    receiver = ParticipantSerializer(read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("pending, accepted, declined or cancelled"))

    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "event",
            "requester",
            "receiver",
            "message",
            "priority",
            "receiver_priority",
            "status",
            "created_at",
            "responded_at",
        ]


class MeetingRequestWriteSerializer(serializers.Serializer):
    event = serializers.SlugField()
    receiver = serializers.IntegerField(help_text=_("Registration id of the person to meet."))
    message = serializers.CharField(required=False, allow_blank=True)
    priority = serializers.IntegerField(required=False, default=2, min_value=1, max_value=3)


class PrioritySerializer(serializers.Serializer):
    priority = serializers.IntegerField(required=False, default=2, min_value=1, max_value=3)


class MeetingSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    requester = ParticipantSerializer(source="request.requester", read_only=True)
    receiver = ParticipantSerializer(source="request.receiver", read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True, allow_null=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True, allow_null=True)
    table = serializers.CharField(source="table.name", read_only=True, allow_null=True)
    room_link = serializers.CharField(read_only=True)
    status = serializers.CharField(
        read_only=True, help_text=_("unplaced, scheduled, cancelled, held or no_show")
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uid",
            "sequence",
            "event",
            "requester",
            "receiver",
            "starts_at",
            "ends_at",
            "table",
            "room_link",
            "status",
            "unplaced_reason",
        ]


class OutcomeSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True, allow_null=True)

    class Meta:
        model = Outcome
        fields = ["id", "meeting", "kind", "deal_value", "currency", "notes", "is_follow_up", "created_at"]


class OutcomeWriteSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    deal_value = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    is_follow_up = serializers.BooleanField(required=False, default=False)
