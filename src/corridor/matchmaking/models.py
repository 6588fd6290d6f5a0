"""B2B matchmaking: events with sessions, slots and tables; registrations with availability;
meeting requests; meetings placed in (slot, table); outcomes; scheduler runs.

All times are stored in UTC; an event has its own time zone and people see their own.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Currency, TimeStamped
from corridor.core.runs import BackgroundRun

from .enums import (
    Attendance,
    EventFormat,
    EventStatus,
    MeetingStatus,
    OutcomeKind,
    RequestStatus,
    RunMode,
)


class Event(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(max_length=10_000, verbose_name=_("description"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=EventFormat.choices)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Kuala_Lumpur")
    organiser = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    requests_close_at = models.DateTimeField(_("meeting requests close"), null=True, blank=True)
    max_requests_per_participant = models.PositiveSmallIntegerField(
        _("requests per participant"), default=20, validators=[MinValueValidator(1)]
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("ask again after (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    room_link_base = models.URLField(_("video room link base"), blank=True)
    last_scheduled_at = models.DateTimeField(_("last scheduled"), null=True, blank=True)

    class Meta:
        ordering = ["-registration_opens_at", "title"]
        verbose_name = _("event")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:detail", args=[self.slug])

    @property
    def is_virtual(self) -> bool:
        return self.format != EventFormat.IN_PERSON

    @property
    def is_draft(self) -> bool:
        return self.status == EventStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED


class Session(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=120)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Break(TimeStamped):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="breaks")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("break")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="break_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Slot(models.Model):
    """A meeting slot generated from a session (its length minus breaks). ``index`` is 0-based
    over the whole event in time order: the engine's slot number."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["event", "index"]
        verbose_name = _("slot")
        constraints = [models.UniqueConstraint(fields=["event", "index"], name="uniq_slot_index")]

    def __str__(self) -> str:
        return f"#{self.index + 1} {self.starts_at:%Y-%m-%d %H:%M} UTC"


class Table(TimeStamped):
    """A table (in person) or a video room (virtual)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=60)
    is_virtual = models.BooleanField(_("virtual room"), default=False)
    room_url = models.URLField(_("room link"), blank=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("table")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="uniq_table_name")]

    def __str__(self) -> str:
        return self.name


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    # PROTECT: meeting requests, meetings and outcomes made with others hang off a registration;
    # a person is erased (core.erasure), not deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_registrations"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="event_registrations"
    )
    wants_to_discuss = models.TextField(
        max_length=2_000, verbose_name=_("what I want to discuss"), blank=True
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    observes_friday_prayer = models.BooleanField(_("keep Friday prayer time free"), default=False)
    subdivision = models.CharField(
        _("state (for public holidays)"),
        max_length=10,
        blank=True,
        help_text=_("Malaysian state code; public holidays differ by state."),
    )
    attendance = models.CharField(
        _("I attend"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.IN_PERSON,
        help_text=_("In person or online; at hybrid events online meetings use a video room."),
    )
    availability = models.ManyToManyField(Slot, related_name="available_registrations", blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)

    class Meta:
        ordering = ["event", "organisation__name", "id"]
        verbose_name = _("registration")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="uniq_registration")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation}) @ {self.event}"

    @property
    def is_online(self) -> bool:
        return self.attendance == Attendance.ONLINE


class MeetingRequest(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sent_requests")
    receiver = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="received_requests")
    message = models.TextField(max_length=2_000, verbose_name=_("message"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    receiver_priority = models.PositiveSmallIntegerField(
        _("receiver's priority"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("meeting request")
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "receiver"],
                condition=~Q(status="cancelled"),
                name="uniq_open_request_per_pair",
            ),
            models.CheckConstraint(condition=~Q(requester=models.F("receiver")), name="request_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.requester.user} → {self.receiver.user} ({self.status})"

    @property
    def weight(self) -> int:
        return self.priority + (self.receiver_priority or 2)

    @property
    def is_accepted(self) -> bool:
        return self.status == RequestStatus.ACCEPTED

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


def new_uid() -> str:
    return f"{uuid.uuid4().hex}@corridor"


class Meeting(TimeStamped):
    """One accepted request. Its UID never changes; SEQUENCE rises on every move or cancellation
    so calendars update the entry instead of adding a second one. ``slot``/``table`` are kept on
    cancellation (the calendar needs the time it cancels) but count only while scheduled."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    table = models.ForeignKey(
        Table, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    uid = models.CharField(_("calendar UID"), max_length=80, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.UNPLACED
    )
    unplaced_reason = models.CharField(_("why not placed"), max_length=30, blank=True)
    follow_up_sent_at = models.DateTimeField(_("follow-up asked"), null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "table__name", "id"]
        verbose_name = _("meeting")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"], condition=Q(status="scheduled"), name="uniq_scheduled_slot_table"
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | (Q(slot__isnull=False) & Q(table__isnull=False)),
                name="scheduled_meeting_has_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.requester.organisation} ⇄ {self.request.receiver.organisation}"

    @property
    def room_link(self) -> str:
        if self.table_id and self.table.room_url:
            return self.table.room_url
        if self.event.room_link_base and self.event.is_virtual:
            return f"{self.event.room_link_base.rstrip('/')}/{self.uid.split('@')[0][:12]}"
        return ""

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    @property
    def is_unplaced(self) -> bool:
        return self.status == MeetingStatus.UNPLACED


class MeetingSeat(models.Model):
    """A person's seat in a meeting at a slot. Unique per (registration, slot): the database
    itself refuses a double booking, whatever two concurrent requests try."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        ordering = ["slot", "registration"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="uniq_seat_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.slot_id}"


class Outcome(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    recorded_by = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=12, choices=OutcomeKind.choices)
    deal_value = models.DecimalField(_("deal value"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.ForeignKey(
        Currency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency"),
    )
    notes = models.TextField(max_length=5_000, verbose_name=_("notes"), blank=True)
    is_follow_up = models.BooleanField(_("follow-up answer"), default=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outcome")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "recorded_by", "is_follow_up"], name="uniq_outcome_per_side_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.kind}"


class ScheduleRun(BackgroundRun):
    """One scheduling run of an event (status, progress and timing from ``core.runs``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    mode = models.CharField(_("mode"), max_length=12, choices=RunMode.choices, default=RunMode.INCREMENTAL)
    placed = models.PositiveIntegerField(_("placed"), default=0)
    unplaced = models.PositiveIntegerField(_("not placed"), default=0)
    moved = models.PositiveIntegerField(_("moved"), default=0)
    bound = models.PositiveIntegerField(_("upper bound"), null=True, blank=True)
    greedy = models.PositiveIntegerField(_("first-come baseline"), null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("schedule run")

    def __str__(self) -> str:
        return f"{self.event} run {self.pk} ({self.status})"
