"""Shared helpers of the services package."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from corridor.core.errors import check_decimal, invalid

from ..enums import (
    BidLevel,
)
from ..models import (
    HistoryEntry,
    Proposal,
)

PDF_MAX_BYTES = 10 * 1024 * 1024
ORCID_RE = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
PARTNERS = tuple(settings.PARTNER_COUNTRIES)
RESERVED_SLUGS = {"new", "mine", "reviews", "proposals", "milestones"}
BID_BONUS = {BidLevel.EAGER: 0.3, BidLevel.WILLING: 0.1}


def log(proposal: Proposal, by, action: str, detail: str = "") -> HistoryEntry:
    """Append to the proposal's history (the secretariat's event log)."""
    return HistoryEntry.objects.create(
        proposal=proposal,
        actor=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        detail=detail[:300],
    )


def _money(value, field: str) -> Decimal:
    """A non-negative amount that fits the grants' money columns (14 digits, 2 places)."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise invalid(field, _("Enter an amount."), code="enter_amount") from exc
    if amount.is_finite() and amount < 0:
        raise invalid(field, _("An amount cannot be negative."), code="amount_negative")
    return check_decimal(amount, field=field, max_digits=14, decimal_places=2)
