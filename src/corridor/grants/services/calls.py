"""Services: calls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid

from ..enums import (
    CallStatus,
)
from ..models import (
    Call,
    Criterion,
)
from ._common import RESERVED_SLUGS, _money

# --------------------------------------------------------------------------------- calls


def _valid_time_zone(name: str) -> bool:
    if not name or ("/" not in name and name != "UTC"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def call_errors(
    *,
    title: str,
    total_budget,
    max_award,
    opens_at,
    closes_at,
    time_zone: str = "UTC",
    review_deadline=None,
    reviews_per_proposal: int = 3,
    min_load: int = 0,
    max_load: int = 8,
    score_scale: int = 5,
    criteria: list[tuple[str, float]] | None = None,
) -> dict[str, str]:
    """Every broken rule of a call, by field (shared by ``create_call`` and the admin).
    ``criteria=None`` skips the criteria check (the admin edits them in an inline)."""
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("This field is required.")
    if not _valid_time_zone(time_zone):
        errors["time_zone"] = _("Enter an IANA time zone such as Asia/Kuala_Lumpur.")
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if value is None or timezone.is_naive(value):
            errors[name] = _("Give a date and time with a time zone.")
    if "opens_at" not in errors and "closes_at" not in errors and closes_at <= opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    if review_deadline is not None:
        if timezone.is_naive(review_deadline):
            errors["review_deadline"] = _("Give a date and time with a time zone.")
        elif "closes_at" not in errors and review_deadline <= closes_at:
            errors["review_deadline"] = _("The review deadline must come after the call closes.")
    budget = cap = None
    for name, value in (("total_budget", total_budget), ("max_award", max_award)):
        try:
            amount = _money(value, name)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
            continue
        if name == "total_budget":
            budget = amount
        else:
            cap = amount
    if budget is not None and budget <= 0:
        errors["total_budget"] = _("The total budget must be above zero.")
    if budget is not None and cap is not None and cap > budget:
        errors["max_award"] = _("The maximum award cannot exceed the total budget.")
    if not (isinstance(reviews_per_proposal, int) and 1 <= reviews_per_proposal <= 10):
        errors["reviews_per_proposal"] = _("Ask for between 1 and 10 reviews per proposal.")
    if not (isinstance(score_scale, int) and 2 <= score_scale <= 100):
        errors["score_scale"] = _("The score scale runs from 1 to a number between 2 and 100.")
    if not (isinstance(max_load, int) and max_load >= 1):
        errors["max_load"] = _("A reviewer must be able to take at least one proposal.")
    elif not (isinstance(min_load, int) and 0 <= min_load <= max_load):
        errors["min_load"] = _("The minimum load must be between 0 and the maximum load.")
    if criteria is not None:
        errors.update(criteria_errors(criteria))
    return errors


def criteria_errors(criteria: list[tuple[str, float]]) -> dict[str, str]:
    if not criteria:
        return {"criteria": _("Give at least one review criterion.")}
    for name, weight in criteria:
        try:
            ok = bool(str(name).strip()) and Decimal(str(weight)) > 0
        except (InvalidOperation, ValueError):
            ok = False
        if not ok:
            return {"criteria": _("Each criterion needs a name and a weight above zero.")}
    return {}


def create_call(
    *,
    by,
    title: str,
    currency: str,
    total_budget,
    max_award,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    criteria: list[tuple[str, float]],
    time_zone: str = "Asia/Kuala_Lumpur",
    description: str = "",
    sectors=(),
    challenges: str = "",
    review_deadline: dt.datetime | None = None,
    startup_required: bool = False,
    reviews_per_proposal: int = 3,
    min_load: int = 0,
    max_load: int = 8,
    score_scale: int = 5,
    required_documents: str = "",
    publish: bool = True,
) -> Call:
    """Open a call (secretariat). Times must be aware; the call closes after it opens."""
    require_secretariat(by, hide=False)
    errors = call_errors(
        title=title,
        total_budget=total_budget,
        max_award=max_award,
        opens_at=opens_at,
        closes_at=closes_at,
        time_zone=time_zone,
        review_deadline=review_deadline,
        reviews_per_proposal=reviews_per_proposal,
        min_load=min_load,
        max_load=max_load,
        score_scale=score_scale,
        criteria=list(criteria),
    )
    if errors:
        raise fields_invalid(errors)
    budget, cap = _money(total_budget, "total_budget"), _money(max_award, "max_award")
    base = slugify(title)[:200] or "call"
    if base in RESERVED_SLUGS:  # would be shadowed by the module's own pages
        base = f"{base}-call"
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic(), acting_as(by):
        call = Call.objects.create(
            title=title.strip(),
            slug=slug,
            description=description,
            challenges=challenges,
            currency_id=currency,
            total_budget=budget,
            max_award=cap,
            opens_at=opens_at,
            closes_at=closes_at,
            time_zone=time_zone,
            review_deadline=review_deadline,
            startup_required=startup_required,
            reviews_per_proposal=reviews_per_proposal,
            min_load=min_load,
            max_load=max_load,
            score_scale=score_scale,
            required_documents=required_documents,
            status=CallStatus.PUBLISHED if publish else CallStatus.DRAFT,
            created_by=by,
        )
        call.sectors.set(sectors)
        for position, (name, weight) in enumerate(criteria):
            Criterion.objects.create(
                call=call, name=str(name).strip(), weight=Decimal(str(weight)), position=position
            )
    return call
