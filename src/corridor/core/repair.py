"""Finding and quarantining stored numbers that pages cannot read.

Before every service checked its numbers (``core.errors.check_decimal``), a value such as
``1e999999`` or ``99999999999999.99`` could reach the database: SQLite keeps it as an 8-byte float
(``inf``, or a value with more digits than the column allows), and every page, export and API that
reads the row then fails. ``scan()`` reads every decimal column of every model as text (so a bad row
cannot break the scan itself) and every ``period`` column of the ``2026-H1`` kind, and reports the rows
that are non-finite, do not fit the column's precision, or name a year outside ``YEAR_MIN``–``YEAR_MAX``.
``quarantine()`` neutralises them: the number becomes empty (or 0 where the column needs a value),
a ``status`` field becomes "rejected" where the model has one, the reason is appended to a ``note`` or
``notes`` field where there is one, and every change is written to the audit log with the original
value, so nothing is lost and the pages render again.

The core knows no feature module: models are found through the app registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction

from .audit import acting_as
from .errors import YEAR_MAX, YEAR_MIN

PERIOD_RE = re.compile(r"^(\d{1,6})-H[12]$")
REJECTED = "rejected"
NOTE_FIELDS = ("note", "notes")


@dataclass(frozen=True)
class BadRow:
    model: type[models.Model]
    pk: object
    field: str
    raw: str | None
    reason: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}#{self.pk}.{self.field}"


def _decimal_problem(raw, field: models.DecimalField) -> str | None:
    if raw is None:
        return None
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return "not a number"
    if not number.is_finite():
        return "not finite"
    whole = field.max_digits - field.decimal_places
    if number != 0 and abs(number) >= Decimal(10) ** whole:
        return f"more than {whole} digits before the point"
    return None


def _period_problem(raw) -> str | None:
    if raw in (None, ""):
        return None
    m = PERIOD_RE.match(str(raw).strip().upper())
    if not m:
        return None  # other period kinds (years, months) are not ours to judge
    year = int(m.group(1))
    if not YEAR_MIN <= year <= YEAR_MAX:
        return f"year {year} outside {YEAR_MIN}-{YEAR_MAX}"
    return None


def _columns():
    """(model, field, checker) for every decimal column and every half-year ``period`` column."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                yield model, field, lambda raw, f=field: _decimal_problem(raw, f)
            elif field.name == "period" and isinstance(field, models.CharField):
                yield model, field, _period_problem


def _has_rejected_status(model) -> bool:
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:
        return False
    return REJECTED in {c[0] for c in field.choices or []}


def scan() -> list[BadRow]:
    """Every stored row whose number or period the pages cannot show."""
    found: list[BadRow] = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, field, check in _columns():
            table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
            column = qn(field.column)
            # A row already rejected keeps its period for the record; only its number could still harm.
            skip_rejected = field.name == "period" and _has_rejected_status(model)
            status = qn(model._meta.get_field("status").column) if skip_rejected else "NULL"
            cursor.execute(f"SELECT {pk}, CAST({column} AS TEXT), {status} FROM {table}")  # noqa: S608
            for pk_value, raw, row_status in cursor.fetchall():
                if skip_rejected and row_status == REJECTED:
                    continue
                reason = check(raw)
                if reason:
                    found.append(BadRow(model, pk_value, field.name, raw, reason))
    return found


def quarantine(rows: list[BadRow], *, by=None) -> int:
    """Neutralise ``rows`` (see the module text) with an audit entry each; returns how many."""
    done = 0
    with transaction.atomic(), acting_as(by):
        for row in rows:
            field = row.model._meta.get_field(row.field)
            message = f"Quarantined by repair_data: {row.field} was {row.raw!r} ({row.reason})."
            updates = {}
            if isinstance(field, models.DecimalField):
                updates[row.field] = None if field.null else Decimal(0)
            names = {f.name for f in row.model._meta.concrete_fields}
            if _has_rejected_status(row.model):
                updates["status"] = REJECTED
            # The number first, with an UPDATE: the row cannot be loaded while it holds the bad value.
            if updates:
                row.model._default_manager.filter(pk=row.pk).update(**updates)
            instance = row.model._default_manager.get(pk=row.pk)
            note_field = next((n for n in NOTE_FIELDS if n in names), None)
            if note_field:
                text = (getattr(instance, note_field) or "").strip()
                row.model._default_manager.filter(pk=row.pk).update(
                    **{note_field: f"{text}\n{message}".strip()}
                )
            LogEntry.objects.log_create(
                instance,
                force_log=True,
                action=LogEntry.Action.UPDATE,
                actor=by if getattr(by, "is_authenticated", False) else None,
                changes={k: [row.raw if k == row.field else "", str(v)] for k, v in updates.items()}
                or {row.field: [row.raw, row.raw]},
                additional_data={"repair_data": message},
            )
            done += 1
    return done
