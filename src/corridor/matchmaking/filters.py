"""Filters of the matchmaking list endpoints (the shared style of ``core.filters``)."""

import django_filters

from corridor.core.filters import ListFilterSet, country_filter, ordering_filter

from .enums import EventFormat, EventStatus, MeetingStatus, OutcomeKind, RequestStatus
from .models import Event, Meeting, MeetingRequest, Outcome, Registration


class EventFilter(ListFilterSet):
    search_fields = ("title", "description", "location")
    status = django_filters.ChoiceFilter(choices=EventStatus.choices)
    # not "format": DRF reads ?format= to choose the response's renderer
    event_format = django_filters.ChoiceFilter(field_name="format", choices=EventFormat.choices)
    country = country_filter("organiser__country__code")
    ordering = ordering_filter("registration_opens_at", "registration_closes_at", "title")

    class Meta:
        model = Event
        fields = ["q", "status", "event_format", "country"]


class MeetingRequestFilter(ListFilterSet):
    """A person's requests (``box``: sent or received) or an event's requests for its organiser;
    ``event`` narrows to one event (slug)."""

    search_fields = ("requester__organisation__name", "receiver__organisation__name")
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    event = django_filters.CharFilter(field_name="event__slug", max_length=100, label="Event (slug)")
    box = django_filters.ChoiceFilter(
        choices=[("sent", "sent"), ("received", "received")], method="filter_box", label="Sent or received"
    )
    ordering = ordering_filter("created_at", "priority")

    class Meta:
        model = MeetingRequest
        fields = ["q", "status", "event", "box"]

    def filter_box(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value == "sent":
            return queryset.filter(requester__user=user)
        if value == "received":
            return queryset.filter(receiver__user=user)
        return queryset


class RegistrationFilter(ListFilterSet):
    """Registrations: an event's, for its organiser, or a person's own."""

    search_fields = ("user__full_name", "organisation__name", "event__title")
    country = country_filter("organisation__country__code")
    event = django_filters.CharFilter(field_name="event__slug", max_length=100, label="Event (slug)")
    ordering = ordering_filter("created_at", ("organisation__name", "organisation"))

    class Meta:
        model = Registration
        fields = ["q", "country", "event"]


class MeetingFilter(ListFilterSet):
    """Meetings: a person's agenda or an event's master schedule."""

    search_fields = ("request__requester__organisation__name", "request__receiver__organisation__name")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)
    event = django_filters.CharFilter(field_name="event__slug", max_length=100, label="Event (slug)")
    ordering = ordering_filter(("slot__starts_at", "starts_at"), "created_at")

    class Meta:
        model = Meeting
        fields = ["q", "status", "event"]


class OutcomeFilter(ListFilterSet):
    """The outcomes a person recorded."""

    search_fields = ("notes", "meeting__event__title")
    kind = django_filters.ChoiceFilter(choices=OutcomeKind.choices)
    event = django_filters.CharFilter(field_name="meeting__event__slug", max_length=100, label="Event (slug)")
    ordering = ordering_filter("created_at", "deal_value")

    class Meta:
        model = Outcome
        fields = ["q", "kind", "event"]
