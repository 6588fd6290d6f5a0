"""Calendar facts for virtual and hybrid events: working hours in each person's own time
zone, public holidays by country and Malaysian state (the maintained ``holidays`` package),
Friday prayer time, and the working-day overlap of Kuala Lumpur and Nairobi.

Kuala Lumpur is UTC+8 and Nairobi UTC+3, neither with daylight saving, so a 09:00–17:00 day
on both sides overlaps only 14:00–17:00 in Kuala Lumpur (09:00–12:00 in Nairobi).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WORK_START = dt.time(9, 0)
WORK_END = dt.time(17, 0)
# Jumu'ah: the Friday congregational prayer; Malaysian offices break for it roughly 12:15–14:45.
FRIDAY_PRAYER = (dt.time(12, 15), dt.time(14, 45))
# Malaysian states that keep a Friday–Saturday weekend (Kedah, Kelantan, Terengganu).
FRIDAY_SATURDAY_WEEKEND_STATES = {"02", "03", "11"}
KUALA_LUMPUR = "Asia/Kuala_Lumpur"
NAIROBI = "Africa/Nairobi"


def malaysian_states() -> list[tuple[str, str]]:
    """(code, name) of Malaysian states and federal territories, from the holidays package."""
    names: dict[str, str] = {}
    for alias, code in holidays.Malaysia.subdivisions_aliases.items():
        if len(alias) > 3 and code not in names:
            names[code] = alias
    return [(code, names.get(code, code)) for code in holidays.Malaysia.subdivisions]


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str, year: int):
    try:
        return holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        return {}


def is_public_holiday(day: dt.date, country: str | None, subdivision: str = "") -> bool:
    if not country:
        return False
    return day in _holidays(country.upper(), subdivision if country.upper() == "MY" else "", day.year)


def is_weekend(day: dt.date, country: str | None, subdivision: str = "") -> bool:
    if (country or "").upper() == "MY" and subdivision in FRIDAY_SATURDAY_WEEKEND_STATES:
        return day.weekday() in (4, 5)
    return day.weekday() >= 5


def is_available_by_default(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    time_zone: str,
    country: str | None,
    subdivision: str = "",
    friday_prayer: bool = False,
) -> bool:
    """True if the slot lies within the person's working hours on a working day that is not a
    public holiday, and (if they keep it) outside Friday prayer time."""
    tz = ZoneInfo(time_zone or "UTC")
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    day = start.date()
    if end.date() != day and end.time() != dt.time(0):
        return False
    if start.time() < WORK_START or (end.time() > WORK_END or end.time() == dt.time(0)):
        return False
    if is_weekend(day, country, subdivision) or is_public_holiday(day, country, subdivision):
        return False
    if friday_prayer and day.weekday() == 4:
        p_start, p_end = FRIDAY_PRAYER
        if start.time() < p_end and end.time() > p_start:
            return False
    return True


@dataclass(frozen=True)
class Overlap:
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime  # UTC
    tz_a: str
    tz_b: str

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    def local(self, tz: str) -> tuple[dt.datetime, dt.datetime]:
        return self.starts_at.astimezone(ZoneInfo(tz)), self.ends_at.astimezone(ZoneInfo(tz))


def working_day_overlap(
    on: dt.date, tz_a: str = KUALA_LUMPUR, tz_b: str = NAIROBI, start=WORK_START, end=WORK_END
) -> Overlap | None:
    """The common part of a ``start``–``end`` working day in two time zones on date ``on``
    (the date as seen in ``tz_a``); None if the days do not overlap."""
    za, zb = ZoneInfo(tz_a), ZoneInfo(tz_b)
    a0 = dt.datetime.combine(on, start, za)
    a1 = dt.datetime.combine(on, end, za)
    best = None
    for shift in (-1, 0, 1):
        day_b = on + dt.timedelta(days=shift)
        b0 = dt.datetime.combine(day_b, start, zb)
        b1 = dt.datetime.combine(day_b, end, zb)
        lo, hi = max(a0, b0), min(a1, b1)
        if lo < hi and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    if best is None:
        return None
    return Overlap(best[0].astimezone(dt.UTC), best[1].astimezone(dt.UTC), tz_a, tz_b)
