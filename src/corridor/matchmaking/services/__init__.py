"""Matchmaking operations: events and their sessions, breaks, slots and tables; registrations;

A package by noun (events, registrations, requests, outcomes); this module re-exports
every name so callers keep writing ``services.<name>``.
"""

from ._common import EVENT_FIELDS, MAX_MESSAGE, _fmt, _valid_time_zone
from .events import (
    _clean_event,
    _generate_slots,
    _unique_slug,
    add_break,
    add_session,
    add_table,
    add_tables,
    create_event,
    delete_session,
    generate_slots,
    models_f_index_plus,
    slot_times,
    update_event,
)
from .outcomes import add_months, due_follow_ups, follow_up_due_at, record_outcome, send_follow_up_asks
from .registrations import (
    _clean_attendance,
    _clean_registration_fields,
    _resolve_slots,
    default_attendance,
    default_availability,
    register,
    update_registration,
)
from .requests import (
    _event_url,
    _lock_request,
    accept_request,
    cancel_meeting,
    cancel_request,
    decline_request,
    mark_attendance,
    offer_freed_seats,
    send_request,
)

__all__ = [
    "EVENT_FIELDS",
    "MAX_MESSAGE",
    "_clean_attendance",
    "_clean_event",
    "_clean_registration_fields",
    "_event_url",
    "_fmt",
    "_generate_slots",
    "_lock_request",
    "_resolve_slots",
    "_unique_slug",
    "_valid_time_zone",
    "accept_request",
    "add_break",
    "add_months",
    "add_session",
    "add_table",
    "add_tables",
    "cancel_meeting",
    "cancel_request",
    "create_event",
    "decline_request",
    "default_attendance",
    "default_availability",
    "delete_session",
    "due_follow_ups",
    "follow_up_due_at",
    "generate_slots",
    "mark_attendance",
    "models_f_index_plus",
    "offer_freed_seats",
    "record_outcome",
    "register",
    "send_follow_up_asks",
    "send_request",
    "slot_times",
    "update_event",
    "update_registration",
]
