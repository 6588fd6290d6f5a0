"""Indicators computed from the council's own records (commitments)."""

from __future__ import annotations

import datetime as dt

from .registry import Provider, register


def _commitments_done(start: dt.date, end: dt.date) -> dict[str | None, float]:
    from .models import Commitment

    total = Commitment.objects.count()
    done = Commitment.objects.filter(status="done").count()
    return {None: round(100.0 * done / total, 1) if total else 0.0}


register(
    Provider(
        code="council.commitments_done",
        name="Communiqué commitments completed",
        unit="%",
        pillar="trade",
        definition="Share of the council's commitments whose status is done.",
        compute=_commitments_done,
        module="council",
    )
)
