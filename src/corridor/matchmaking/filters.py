"""Filters of the matchmaking list endpoints (the shared style of ``core.filters``)."""

import django_filters

from corridor.core.filters import ListFilterSet, country_filter, ordering_filter

from .enums import EventFormat, EventStatus, RequestStatus
from .models import Event, MeetingRequest


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
    """``box`` (sent/received) and ``event`` (slug) stay the request list's own parameters."""

    search_fields = ("requester__organisation__name", "receiver__organisation__name")
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    ordering = ordering_filter("created_at", "priority")

    class Meta:
        model = MeetingRequest
        fields = ["q", "status"]
