from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from corridor.core.serializers import BackgroundRunSerializer
from corridor.orgs.enums import OrgKind, PostingType

from .enums import UNPLACED_REASONS, Attendance, EventFormat, EventStatus, OutcomeKind, RunMode
from .models import Event, Meeting, MeetingRequest, Outcome, Registration, ScheduleRun, Session, Slot


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
    follow_up_months = serializers.IntegerField(required=False, min_value=1, max_value=36)
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
            "attendance",
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
    attendance = serializers.ChoiceField(
        choices=Attendance.choices,
        required=False,
        help_text=_("in_person or online (hybrid events); otherwise it follows from the event's format."),
    )


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


# ---- organiser views of an event ----


class OrganiserRegistrationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    country = serializers.CharField(source="organisation.country_id", read_only=True)
    attendance = serializers.CharField(read_only=True, help_text=_("in_person or online"))
    n_available = serializers.IntegerField(read_only=True, help_text=_("Slots the person is available for."))
    n_sent = serializers.IntegerField(read_only=True)
    n_received = serializers.IntegerField(read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "name",
            "email",
            "organisation",
            "organisation_name",
            "country",
            "attendance",
            "time_zone",
            "wants_to_discuss",
            "n_available",
            "n_sent",
            "n_received",
            "created_at",
        ]


class MasterMeetingSerializer(serializers.ModelSerializer):
    """One line of the master schedule."""

    slot = serializers.IntegerField(source="slot.index", read_only=True, help_text=_("Slot number, 0-based."))
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    table = serializers.CharField(source="table.name", read_only=True)
    virtual_room = serializers.BooleanField(source="table.is_virtual", read_only=True)
    requester = ParticipantSerializer(source="request.requester", read_only=True)
    receiver = ParticipantSerializer(source="request.receiver", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("scheduled, held or no_show"))

    class Meta:
        model = Meeting
        fields = [
            "id",
            "slot",
            "starts_at",
            "ends_at",
            "table",
            "virtual_room",
            "requester",
            "receiver",
            "status",
        ]


class ScheduleRunSerializer(BackgroundRunSerializer):
    mode = serializers.CharField(read_only=True, help_text=_("incremental or full"))

    class Meta(BackgroundRunSerializer.Meta):
        model = ScheduleRun
        fields = [
            *BackgroundRunSerializer.Meta.fields,
            "mode",
            "placed",
            "unplaced",
            "moved",
            "bound",
            "greedy",
        ]
        read_only_fields = fields


class UnplacedSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    requester = ParticipantSerializer()
    receiver = ParticipantSerializer()
    reason = serializers.CharField(help_text=_("Reason code: ") + ", ".join(UNPLACED_REASONS))
    reason_text = serializers.CharField()


class ScheduleStatusSerializer(serializers.Serializer):
    run = ScheduleRunSerializer(allow_null=True, help_text=_("The latest run, if any."))
    scheduled = serializers.IntegerField(help_text=_("Meetings scheduled now."))
    unplaced = UnplacedSerializer(many=True, help_text=_("Accepted meetings still without a slot."))
    precheck = UnplacedSerializer(
        many=True, help_text=_("Accepted meetings that cannot be placed as things stand, and why.")
    )


class ScheduleStartSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=RunMode.choices, default=RunMode.INCREMENTAL)


class BreakdownSerializer(serializers.Serializer):
    meetings_held = serializers.IntegerField()
    deals_reported = serializers.IntegerField()
    deal_value_usd = serializers.DecimalField(max_digits=18, decimal_places=2)


class EventStatsSerializer(serializers.Serializer):
    registrations = serializers.IntegerField()
    requests = serializers.IntegerField()
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    pending = serializers.IntegerField()
    acceptance_rate = serializers.IntegerField(allow_null=True, help_text=_("Percent of answered requests."))
    scheduled = serializers.IntegerField()
    held = serializers.IntegerField()
    no_show = serializers.IntegerField()
    unplaced = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField(), help_text=_("First answers by kind."))
    follow_ups = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Follow-up answers by kind.")
    )
    deals_reported = serializers.IntegerField()
    deal_value_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
    unconverted = serializers.IntegerField(help_text=_("Deal values that could not be converted to USD."))
    by_country_pair = serializers.DictField(child=BreakdownSerializer())
    by_sector = serializers.DictField(child=BreakdownSerializer())


# ---- the participants' catalogue ----


class CatalogueFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)
    sector = serializers.SlugField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=OrgKind.choices, required=False, allow_blank=True)
    has = serializers.ChoiceField(
        choices=[PostingType.OFFER, PostingType.REQUEST], required=False, allow_blank=True
    )


class CatalogueEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    country = serializers.CharField(source="organisation.country_id", read_only=True)
    kind = serializers.CharField(source="organisation.kind", read_only=True)
    sectors = serializers.SerializerMethodField()
    attendance = serializers.CharField(read_only=True, help_text=_("in_person or online"))
    recommended = serializers.SerializerMethodField(
        help_text=_("Recommended for you (recommended participants come first).")
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "name",
            "organisation",
            "organisation_name",
            "country",
            "kind",
            "sectors",
            "wants_to_discuss",
            "attendance",
            "recommended",
        ]

    def get_sectors(self, obj) -> list[str]:
        return [s.slug for s in obj.organisation.sectors.all()]

    def get_recommended(self, obj) -> bool:
        return getattr(obj, "rank", 10_000) < 10_000
