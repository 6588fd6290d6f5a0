"""The qualification equivalence table (secretariat) and credit conversion between frameworks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import invalid

from ..models import EquivalenceRule
from ._common import _text


def save_equivalence_rule(
    *,
    by,
    mqf_level: int,
    knqf_level: int,
    status: str,
    source_url: str,
    read_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    typical_award: str = "",
    note: str = "",
    rule: EquivalenceRule | None = None,
) -> EquivalenceRule:
    require_secretariat(by, hide=False)
    if not 1 <= int(mqf_level) <= 8:
        raise invalid("mqf_level", _("MQF has levels 1 to 8."), code="level_out_of_range")
    if not 1 <= int(knqf_level) <= 10:
        raise invalid("knqf_level", _("KNQF has levels 1 to 10."), code="level_out_of_range")
    if valid_to is not None and valid_to < valid_from:
        raise invalid("valid_to", _("The end date is before the start date."), code="dates_reversed")
    source_url = _text(source_url, field="source_url", max_length=200, required=True)
    with transaction.atomic(), acting_as(by):
        rule = rule or EquivalenceRule()
        for k, v in {
            "mqf_level": int(mqf_level),
            "knqf_level": int(knqf_level),
            "status": status,
            "source_url": source_url,
            "read_on": read_on,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "typical_award": _text(typical_award, field="typical_award", max_length=200),
            "note": _text(note, field="note", max_length=300),
        }.items():
            setattr(rule, k, v)
        rule.save()
    return rule


def credit_conversion(credits: int, *, source: str, target: str) -> Decimal:
    """Credits of one framework expressed in another's through notional learning hours."""
    from ..models import QualificationFramework

    hours = {
        f.code: f.hours_per_credit for f in QualificationFramework.objects.filter(code__in=[source, target])
    }
    if source not in hours or target not in hours:
        raise invalid("framework", _("Unknown framework."), code="unknown_framework")
    return Decimal(credits) * hours[source] / hours[target]
