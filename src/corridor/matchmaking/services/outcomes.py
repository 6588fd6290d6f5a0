"""Services: outcomes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, fields_invalid
from corridor.core.models import Currency
from corridor.core.notifications import notify

from .. import access
from ..enums import MeetingStatus, OutcomeKind
from ..models import (
    Meeting,
    Outcome,
)
from ._common import _fmt

# ---- outcomes ----

#: Deal values: at most 12 digits before the point (under a trillion). The column holds 16, but SQLite
#: keeps decimals as 8-byte floats, so larger values (and sums of them) stop reading back exactly.
DEAL_DIGITS = {"max_digits": 14, "decimal_places": 2}


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(
        when.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1],
    )
    return when.replace(year=year, month=month, day=day)


def follow_up_due_at(meeting: Meeting) -> dt.datetime | None:
    if meeting.slot is None:
        return None
    return add_months(meeting.slot.ends_at, meeting.event.follow_up_months)


def record_outcome(
    *,
    meeting: Meeting,
    by,
    kind: str,
    deal_value=None,
    currency=None,
    notes: str = "",
    is_follow_up: bool = False,
) -> Outcome:
    """A participant records what came of a meeting (after it started), or, once
    ``follow_up_months`` have passed, answers the follow-up ask. Recording again replaces the
    earlier answer of the same stage. The meeting counts as held."""
    req = meeting.request
    uid = getattr(by, "pk", None)
    if uid == req.requester.user_id:
        reg = req.requester
    elif uid == req.receiver.user_id:
        reg = req.receiver
    else:
        raise access.NotFound
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD) or meeting.slot is None:
        errors[NON_FIELD_ERRORS] = [_("Only a meeting that took place can have an outcome.")]
    elif meeting.slot.starts_at > now:
        errors[NON_FIELD_ERRORS] = [_("The meeting has not started yet.")]
    elif is_follow_up and follow_up_due_at(meeting) > now:
        errors[NON_FIELD_ERRORS] = [
            _("The follow-up question opens on %(d)s.") % {"d": _fmt(follow_up_due_at(meeting))}
        ]
    if kind not in OutcomeKind.values:
        errors["kind"] = [_("Choose one of: %(v)s.") % {"v": ", ".join(OutcomeKind.values)}]
    value = None
    if deal_value not in (None, ""):
        try:
            value = check_decimal(deal_value, field="deal_value", minimum=0, **DEAL_DIGITS)
        except ValidationError as exc:
            errors["deal_value"] = exc.error_dict["deal_value"]
    cur = None
    if currency not in (None, ""):
        code = currency.code if isinstance(currency, Currency) else str(currency).upper()
        cur = Currency.objects.filter(code=code).first()
        if cur is None:
            errors["currency"] = [_("Unknown currency code: %(c)s.") % {"c": code}]
    if kind == OutcomeKind.DEAL_SIGNED and value is None and "deal_value" not in errors:
        errors["deal_value"] = [_("Give the deal's value.")]
    if value is not None and cur is None and "currency" not in errors:
        errors["currency"] = [_("Give the currency of the deal value.")]
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        outcome, _created = Outcome.objects.update_or_create(
            meeting=meeting,
            recorded_by=reg,
            is_follow_up=bool(is_follow_up),
            defaults={"kind": kind, "deal_value": value, "currency": cur, "notes": (notes or "").strip()},
        )
        if meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated_at"])
    return outcome


def due_follow_ups(now=None):
    """Held meetings whose follow-up ask is due and not yet sent."""
    now = now or timezone.now()
    qs = Meeting.objects.filter(
        status=MeetingStatus.HELD, follow_up_sent_at__isnull=True, slot__isnull=False
    ).select_related("event", "slot", "request__requester__user", "request__receiver__user")
    return [m for m in qs if follow_up_due_at(m) <= now]


def send_follow_up_asks(*, now=None) -> int:
    """Ask both sides of each due meeting whether a deal followed (one notification each).
    Idempotent: a meeting is asked once. Returns the number of meetings asked."""
    now = now or timezone.now()
    count = 0
    for meeting in due_follow_ups(now):
        with transaction.atomic():
            updated = Meeting.objects.filter(pk=meeting.pk, follow_up_sent_at__isnull=True).update(
                follow_up_sent_at=now
            )
            if not updated:
                continue
            for reg in (meeting.request.requester, meeting.request.receiver):
                other = (
                    meeting.request.receiver
                    if reg == meeting.request.requester
                    else meeting.request.requester
                )
                notify(
                    user=reg.user,
                    text=lambda meeting=meeting, other=other: (
                        _(
                            "%(months)d months after your meeting with %(org)s at %(event)s: did a deal follow?"
                        )
                        % {
                            "months": meeting.event.follow_up_months,
                            "org": other.organisation,
                            "event": meeting.event.title,
                        }
                    ),
                    url=reverse("matchmaking:outcome", args=[meeting.event.slug, meeting.pk])
                    + "?follow_up=1",
                )
            count += 1
    return count
