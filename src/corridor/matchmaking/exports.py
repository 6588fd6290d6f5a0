"""The master schedule as rows for CSV and XLSX (times in the event's time zone)."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from . import queries


def master_rows(event) -> tuple[list[str], list[list]]:
    tz = ZoneInfo(event.time_zone)
    header = [
        _("Slot"),
        _("Date"),
        _("Start"),
        _("End"),
        _("Table"),
        _("Participant A"),
        _("Organisation A"),
        _("Country A"),
        _("Participant B"),
        _("Organisation B"),
        _("Country B"),
        _("Status"),
        _("Room link"),
        _("Meeting UID"),
    ]
    rows = []
    for m in queries.scheduled_meetings(event):
        a, b = m.request.requester, m.request.receiver
        start, end = m.slot.starts_at.astimezone(tz), m.slot.ends_at.astimezone(tz)
        rows.append(
            [
                m.slot.index + 1,
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                m.table.name if m.table_id else "",
                str(a.user),
                a.organisation.name,
                a.organisation.country_id,
                str(b.user),
                b.organisation.name,
                b.organisation.country_id,
                m.get_status_display(),
                m.room_link,
                m.uid,
            ]
        )
    return header, rows


def _safe(value):
    # Spreadsheet formula injection: a cell starting with = + - @ would be run as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def master_csv(event) -> str:
    header, rows = master_rows(event)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


def master_xlsx(event) -> bytes:
    from openpyxl import Workbook

    header, rows = master_rows(event)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Schedule")[:31]
    ws.append(header)
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()
