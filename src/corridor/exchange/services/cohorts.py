"""Services: cohorts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, fields_invalid
from corridor.core.models import Currency

from .. import access
from ..enums import (
    Direction,
    StartupStage,
)
from ..models import (
    Cohort,
    Programme,
)
from ._common import _sectors

# ---- programmes and cohorts (secretariat) ----


def create_programme(*, by, title: str, direction: str, description: str = "") -> Programme:
    access.require_secretariat(by, hide=False)
    errors = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if direction not in Direction.values:
        errors["direction"] = _("Choose MY→KE, KE→MY or both.")
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        return Programme.objects.create(title=title.strip(), direction=direction, description=description)


def create_cohort(
    *,
    by,
    programme: Programme,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    applications_open: dt.datetime,
    applications_close: dt.datetime,
    match_date: dt.date,
    stipend_amount=Decimal(0),
    stipend_currency: str = "USD",
    eligible_stages=(),
    eligible_sectors=(),
    founded_after: int | None = None,
    max_ranked: int = 3,
    questions: str = "",
) -> Cohort:
    access.require_secretariat(by, hide=False)
    errors = {}
    if not name.strip():
        errors["name"] = _("This field is required.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The programme cannot end before it starts.")
    if applications_close <= applications_open:
        errors["applications_close"] = _("Applications must close after they open.")
    if match_date < applications_close.date():
        errors["match_date"] = _("The match date comes after applications close.")
    if max_ranked < 1:
        errors["max_ranked"] = _("Applicants must be able to rank at least one host.")
    bad_stages = [s for s in eligible_stages if s not in StartupStage.values]
    if bad_stages:
        errors["eligible_stages"] = _("Unknown stage %(s)s.") % {"s": bad_stages[0]}
    currency = Currency.objects.filter(code=str(stipend_currency).upper()).first()
    if currency is None:
        errors["stipend_currency"] = _("Unknown currency.")
    amount = None
    try:
        amount = check_decimal(stipend_amount, field="stipend_amount", max_digits=12, decimal_places=2)
        if amount < 0:
            errors["stipend_amount"] = _("The stipend cannot be negative.")
    except ValidationError as exc:
        errors["stipend_amount"] = exc.error_dict["stipend_amount"]
    sectors = _sectors(eligible_sectors)
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        cohort = Cohort.objects.create(
            programme=programme,
            name=name.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            applications_open=applications_open,
            applications_close=applications_close,
            match_date=match_date,
            stipend_amount=amount,
            stipend_currency=currency,
            eligible_stages=list(eligible_stages),
            founded_after=founded_after,
            max_ranked=max_ranked,
            questions=questions,
        )
        cohort.eligible_sectors.set(sectors)
    return cohort
