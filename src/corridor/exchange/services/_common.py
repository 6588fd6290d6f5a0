"""Shared helpers of the services package."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from corridor.core.errors import invalid
from corridor.core.models import Sector

PDF_MAGIC = b"%PDF-"


def deck_max_bytes() -> int:
    return int(getattr(settings, "EXCHANGE_DECK_MAX_BYTES", 10 * 1024 * 1024))


def _sectors(values) -> list[Sector]:
    out = []
    for v in values or []:
        if isinstance(v, Sector):
            out.append(v)
        else:
            s = Sector.objects.filter(slug=str(v)).first()
            if s is None:
                raise invalid("sectors", _("Unknown sector %(s)s.") % {"s": v}, code="unknown_sector")
            out.append(s)
    return out
