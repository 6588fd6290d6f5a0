"""Shared helpers of the services package."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.formats import date_format

EVENT_FIELDS = (
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
    "room_link_base",
)
MAX_MESSAGE = 1000


def _valid_time_zone(name: str) -> bool:
    if not name or "/" not in name and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _fmt(when: dt.datetime, tz: str | None = None) -> str:
    local = timezone.localtime(when, ZoneInfo(tz)) if tz else timezone.localtime(when)
    return date_format(local, "j M Y H:i") + (f" ({tz})" if tz else "")
