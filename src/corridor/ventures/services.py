"""Every write of the ventures module: keyword-only, actor ``by``, permission checked, one
transaction, audited (django-auditlog under ``acting_as``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import is_authenticated, is_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, invalid
from corridor.core.text import check_name
from corridor.orgs.access import can_act_for

from . import access
from .enums import TRANSITIONS, OriginKind, PartyRole, Stage
from .models import Disbursement, Pledge, StageTransition, Venture, VentureParty
from .origins import ORIGIN_FIELDS, origin_org_ids

TITLE_MAX = 200

#: Amounts accepted: 12 digits before the point. The columns hold 16, but SQLite keeps decimals as
#: 8-byte floats, so larger amounts (and sums of them) stop reading back exactly.
MONEY_IN = {"max_digits": 14, "decimal_places": 2}


def _money(value, field: str):
    if value in (None, ""):
        return None
    return check_decimal(value, field=field, minimum=0, **MONEY_IN)


def _check_text(value: str, field: str, max_length: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise invalid(field, _("This field is required."), code="required")
    if len(value) > max_length:
        raise invalid(field, _("At most %(n)d characters.") % {"n": max_length}, code="too_long")
    return value


def _check_parties(parties) -> list[tuple]:
    """``parties``: (organisation, role) pairs; at least one Malaysian and one Kenyan."""
    seen, out = set(), []
    for org, role in parties:
        if org.pk in seen:
            continue
        if role not in PartyRole.values:
            raise invalid("parties", _("Unknown role."), code="bad_role")
        seen.add(org.pk)
        out.append((org, role))
    countries = {org.country_id for org, _r in out}
    if not {"MY", "KE"} <= countries:
        raise invalid(
            "parties",
            _("A joint venture needs at least one Malaysian and one Kenyan organisation."),
            code="needs_both_countries",
        )
    return out


def _check_origin(kind: str, record, org_ids: set[int], by=None):
    """The origin exists, ``by`` may see it (a member of one of its organisations, or council
    staff) and it involves one of the venture's organisations."""
    if kind not in OriginKind.values:
        raise invalid("origin_kind", _("Unknown origin."), code="bad_origin")
    if kind == OriginKind.OTHER:
        return
    if record is None:
        raise invalid(
            ORIGIN_FIELDS[kind], _("Choose the record that started the venture."), code="origin_missing"
        )
    if by is not None and not access.can_see_origin(by, kind, record):
        raise invalid(
            ORIGIN_FIELDS[kind],
            _("No such record among those you may see."),
            code="origin_not_visible",
        )
    if not origin_org_ids(kind, record) & org_ids:
        raise invalid(
            ORIGIN_FIELDS[kind],
            _("The origin must involve one of the venture's organisations."),
            code="origin_unrelated",
        )


def _check_money_pair(value, currency, field: str, currency_field: str):
    value = _money(value, field)
    if value is not None and currency is None:
        raise invalid(currency_field, _("Give the currency of the amount."), code="currency_missing")
    return value


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise invalid(field, _("The date cannot be in the future."), code="date_in_future")


@transaction.atomic
def create_venture(
    *,
    by,
    title: str,
    sector,
    parties,
    started_on: dt.date,
    summary: str = "",
    stage: str = Stage.IDEA,
    is_confidential: bool = False,
    expected_value=None,
    expected_currency=None,
    committed_value=None,
    committed_currency=None,
    committed_on: dt.date | None = None,
    origin_kind: str = OriginKind.OTHER,
    origin=None,
    origin_note: str = "",
    is_fictional: bool = False,
) -> Venture:
    """Open a venture. The actor must act for one of its organisations (or be the secretariat);
    the origin, if any, must involve one of them. The first transition records the start."""
    if not is_authenticated(by):
        raise PermissionDenied
    title = _check_text(check_name(title, field="title"), "title", TITLE_MAX, required=True)
    summary = _check_text(summary, "summary", 4000)
    origin_note = _check_text(origin_note, "origin_note", 300)
    parties = _check_parties(parties)
    if not (is_secretariat(by) or any(can_act_for(by, org) for org, _r in parties)):
        raise PermissionDenied(_("You must act for one of the venture's organisations."))
    if stage not in Stage.values or stage == Stage.DISSOLVED:
        raise invalid("stage", _("A venture starts in an open stage."), code="bad_stage")
    _not_future(started_on, "started_on")
    _check_origin(origin_kind, origin, {o.pk for o, _r in parties}, by=by)
    if origin_kind == OriginKind.RECOMMENDATION and not origin_note:
        # recommendations are recomputed (and their rows replaced) as profiles change: keep
        # what was suggested in words so the trace survives the refresh
        origin_note = f"{origin.organisation} → {origin.partner} (#{origin.rank})"[:300]
    expected_value = _check_money_pair(
        expected_value, expected_currency, "expected_value", "expected_currency"
    )
    committed_value = _check_money_pair(
        committed_value, committed_currency, "committed_value", "committed_currency"
    )
    fields = {
        "title": title,
        "summary": summary,
        "sector": sector,
        "stage": stage,
        "stage_since": started_on,
        "started_on": started_on,
        "is_confidential": is_confidential,
        "expected_value": expected_value,
        "expected_currency": expected_currency,
        "committed_value": committed_value,
        "committed_currency": committed_currency,
        "committed_on": committed_on,
        "origin_kind": origin_kind,
        "origin_note": origin_note,
        "is_fictional": is_fictional,
        "created_by": by,
    }
    if origin_kind in ORIGIN_FIELDS:
        fields[ORIGIN_FIELDS[origin_kind]] = origin
    with acting_as(by):
        venture = Venture.objects.create(**fields)
        for org, role in parties:
            VentureParty.objects.create(venture=venture, organisation=org, role=role)
        StageTransition.objects.create(venture=venture, from_stage="", to_stage=stage, on=started_on, by=by)
    return venture


@transaction.atomic
def update_venture(
    *,
    by,
    venture: Venture,
    title: str,
    sector,
    summary: str = "",
    is_confidential: bool = False,
    expected_value=None,
    expected_currency=None,
    committed_value=None,
    committed_currency=None,
    committed_on: dt.date | None = None,
) -> Venture:
    """Change a venture's description and values (not its stage: see ``advance_venture``)."""
    access.require_edit_venture(by, venture)
    venture.title = _check_text(check_name(title, field="title"), "title", TITLE_MAX, required=True)
    venture.summary = _check_text(summary, "summary", 4000)
    venture.sector = sector
    venture.is_confidential = is_confidential
    venture.expected_value = _check_money_pair(
        expected_value, expected_currency, "expected_value", "expected_currency"
    )
    venture.expected_currency = expected_currency
    venture.committed_value = _check_money_pair(
        committed_value, committed_currency, "committed_value", "committed_currency"
    )
    venture.committed_currency = committed_currency
    venture.committed_on = committed_on
    with acting_as(by):
        venture.save()
    return venture


def check_transition(venture: Venture, to_stage: str, on: dt.date) -> None:
    """The stage rules: only the moves in ``TRANSITIONS`` (forward, or to dissolved; dissolved is
    terminal), dated on or after the current stage's date and not in the future."""
    if to_stage not in Stage.values:
        raise invalid("to_stage", _("Unknown stage."), code="bad_stage")
    if venture.stage == Stage.DISSOLVED:
        raise invalid("to_stage", _("A dissolved venture cannot change stage."), code="venture_dissolved")
    if to_stage not in TRANSITIONS[venture.stage]:
        raise invalid(
            "to_stage",
            _("A venture cannot move from %(a)s to %(b)s.")
            % {"a": Stage(venture.stage).label, "b": Stage(to_stage).label},
            code="transition_not_allowed",
        )
    if on < venture.stage_since:
        raise invalid("on", _("The date cannot be before the current stage's date."), code="date_before_last")
    _not_future(on, "on")


@transaction.atomic
def advance_venture(*, by, venture: Venture, to_stage: str, on: dt.date, note: str = "") -> StageTransition:
    """Move a venture to a new stage on a date; the transition is kept."""
    access.require_edit_venture(by, venture)
    venture = Venture.objects.select_for_update().get(pk=venture.pk)
    check_transition(venture, to_stage, on)
    note = _check_text(note, "note", 300)
    with acting_as(by):
        transition = StageTransition.objects.create(
            venture=venture, from_stage=venture.stage, to_stage=to_stage, on=on, note=note, by=by
        )
        venture.stage = to_stage
        venture.stage_since = on
        venture.save(update_fields=["stage", "stage_since", "updated_at"])
    return transition


@transaction.atomic
def create_pledge(
    *,
    by,
    organisation,
    title: str,
    target_country,
    sector,
    amount,
    currency,
    announced_on: dt.date,
    source_url: str = "",
    note: str = "",
    is_fictional: bool = False,
) -> Pledge:
    """Record an investment pledge announced by ``organisation`` (who must be acted for)."""
    if not (is_secretariat(by) or can_act_for(by, organisation)):
        raise PermissionDenied
    title = _check_text(title, "title", TITLE_MAX, required=True)
    note = _check_text(note, "note", 500)
    source_url = _check_text(source_url, "source_url", 500)
    amount = check_decimal(amount, field="amount", **MONEY_IN)
    if amount <= 0:
        raise invalid("amount", _("The amount must be positive."), code="amount_not_positive")
    if currency is None:
        raise invalid("currency", _("Give the currency of the amount."), code="currency_missing")
    if target_country is None or target_country.code not in settings.PARTNER_COUNTRIES:
        raise invalid("target_country", _("Choose Malaysia or Kenya."), code="bad_country")
    _not_future(announced_on, "announced_on")
    with acting_as(by):
        return Pledge.objects.create(
            organisation=organisation,
            title=title,
            target_country=target_country,
            sector=sector,
            amount=amount,
            currency=currency,
            announced_on=announced_on,
            source_url=source_url,
            note=note,
            is_fictional=is_fictional,
            created_by=by,
        )


@transaction.atomic
def add_disbursement(*, by, pledge: Pledge, amount, disbursed_on: dt.date, note: str = "") -> Disbursement:
    """Record money paid out under a pledge: positive, not before the announcement, not in the
    future, and never more in total than pledged."""
    if not access.can_edit_pledge(by, pledge):
        raise PermissionDenied
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    amount = check_decimal(amount, field="amount", **MONEY_IN)
    if amount <= 0:
        raise invalid("amount", _("The amount must be positive."), code="amount_not_positive")
    if disbursed_on < pledge.announced_on:
        raise invalid("disbursed_on", _("A disbursement cannot precede the pledge."), code="before_pledge")
    _not_future(disbursed_on, "disbursed_on")
    paid = sum(d.amount for d in pledge.disbursements.all())
    if paid + amount > pledge.amount:
        raise invalid("amount", _("Disbursements cannot exceed the amount pledged."), code="exceeds_pledge")
    with acting_as(by):
        return Disbursement.objects.create(
            pledge=pledge,
            amount=amount,
            disbursed_on=disbursed_on,
            note=_check_text(note, "note", 300),
            by=by,
        )
