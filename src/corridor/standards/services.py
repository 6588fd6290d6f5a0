"""Every write of the standards module: actor ``by``, permission checked, one transaction, audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.engines.conformance import MAX_BYTES, PACK_CODES, DocumentError, Report, check_document, load
from corridor.engines.conformance.parsing import Document

from . import access
from .enums import RecognitionStatus, Side
from .models import ConformanceCheck, FailedRule, Instrument, RecognitionArea, StatusChange


def _acting_country(user):
    from corridor.orgs.access import acting_organisation_ids
    from corridor.orgs.models import Membership

    ids = acting_organisation_ids(user)
    membership = (
        Membership.objects.filter(user=user, organisation_id__in=ids).select_related("organisation").first()
        if ids
        else Membership.objects.filter(user=user).select_related("organisation").first()
    )
    return membership.organisation.country_id if membership else None


def parse_packs(value) -> list[str] | None:
    if not value:
        return None
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    packs = [str(p).strip().upper() for p in items if str(p).strip()]
    unknown = [p for p in packs if p not in PACK_CODES]
    if unknown:
        raise invalid(
            "packs",
            _("Unknown pack %(packs)s; the packs are %(all)s.")
            % {"packs": ", ".join(unknown), "all": ", ".join(PACK_CODES)},
            code="unknown_pack",
        )
    return packs or None


def run_check(
    *, by, data: bytes, packs: list[str] | None = None
) -> tuple[Report, Document, ConformanceCheck]:
    """Check one document and record that the check ran (never the document).

    A document that cannot be read raises a ValidationError on ``document`` (with line and column
    for syntax errors) and nothing is stored."""
    access.require_authenticated(by)
    if len(data) > MAX_BYTES:
        raise invalid("document", _("The document is larger than 10 MB."), code="too_large")
    if not data.strip():
        raise invalid("document", _("The document is empty."), code="empty")
    try:
        doc = load(data)
        report = check_document(doc, packs)
    except DocumentError as exc:
        raise invalid("document", exc.message, code=exc.code) from None
    fatal = [f for f in report.findings if f.severity == "fatal"]
    with transaction.atomic(), acting_as(by):
        record = ConformanceCheck.objects.create(
            actor=by,
            country_id=_acting_country(by),
            document_kind=doc.kind,
            packs=report.packs,
            valid=report.valid,
            fatal_count=len(fatal),
            warning_count=sum(1 for f in report.findings if f.severity == "warning"),
            failing_rules=report.failing_rules(),
            size_bytes=len(data),
        )
        seen = set()
        rows = []
        for f in fatal:
            if (f.rule, f.pack) not in seen:
                seen.add((f.rule, f.pack))
                rows.append(FailedRule(check_run=record, rule=f.rule[:40], pack=f.pack))
        FailedRule.objects.bulk_create(rows)
    return report, doc, record


def update_area(*, by, area: RecognitionArea, summary: str, evidence: str, decisions: str) -> RecognitionArea:
    access.require_registry_editor(by)
    for field, value, limit in (
        ("summary", summary, 2000),
        ("evidence", evidence, 4000),
        ("decisions", decisions, 4000),
    ):
        if len(value or "") > limit:
            raise invalid(field, _("At most %(n)d characters.") % {"n": limit}, code="too_long")
    with transaction.atomic(), acting_as(by):
        area.summary, area.evidence, area.decisions = summary or "", evidence or "", decisions or ""
        area.save(update_fields=["summary", "evidence", "decisions", "updated_at"])
    return area


def change_status(
    *,
    by,
    area: RecognitionArea,
    to_status: str,
    decision: str,
    date: dt.date | None = None,
    fictional: bool = False,
) -> StatusChange:
    """Move a domain to a new recognition status; the change is kept in its dated history."""
    access.require_registry_editor(by)
    if to_status not in RecognitionStatus.values:
        raise invalid("to_status", _("Choose a recognition status."), code="invalid_choice")
    if to_status == area.status:
        raise invalid("to_status", _("The domain already has this status."), code="unchanged")
    if not (decision or "").strip():
        raise invalid("decision", _("Name the decision or evidence behind the change."), code="required")
    if len(decision) > 2000:
        raise invalid("decision", _("At most %(n)d characters.") % {"n": 2000}, code="too_long")
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise invalid("date", _("The date cannot be in the future."), code="future")
    with transaction.atomic(), acting_as(by):
        locked = RecognitionArea.objects.select_for_update().get(pk=area.pk)
        change = StatusChange.objects.create(
            area=locked,
            date=date,
            from_status=locked.status,
            to_status=to_status,
            decision=decision.strip(),
            by=by,
            is_fictional=fictional,
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
    area.status = to_status
    return change


def save_instrument(
    *,
    by,
    area: RecognitionArea,
    instance: Instrument | None = None,
    side: str,
    name: str,
    citation: str = "",
    year: int | None = None,
    note: str = "",
    source_url: str,
) -> Instrument:
    access.require_registry_editor(by)
    if side not in Side.values:
        raise invalid("side", _("Choose Malaysia, Kenya or international."), code="invalid_choice")
    if not (name or "").strip():
        raise invalid("name", _("Name the instrument."), code="required")
    if len(name) > 300:
        raise invalid("name", _("At most %(n)d characters.") % {"n": 300}, code="too_long")
    if not (source_url or "").startswith(("https://", "http://")):
        raise invalid("source_url", _("Give the source as a web address."), code="invalid")
    if year is not None and not (1800 <= int(year) <= timezone.localdate().year + 1):
        raise invalid("year", _("Give a plausible year."), code="invalid")
    duplicate = Instrument.objects.filter(area=area, side=side, name=name.strip())
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise invalid(
            "name",
            _("This domain already lists an instrument with this name for this side."),
            code="duplicate",
        )
    with transaction.atomic(), acting_as(by):
        obj = instance or Instrument(area=area)
        obj.side, obj.name, obj.citation, obj.year, obj.note, obj.source_url = (
            side,
            name.strip(),
            citation or "",
            year,
            note or "",
            source_url,
        )
        obj.full_clean(exclude=["area"])
        obj.save()
    return obj


def load_registry() -> tuple[int, int]:
    """Fixture-free loader of the real instruments (idempotent)."""
    from .registry_data import load

    with transaction.atomic():
        return load(RecognitionArea, Instrument)
