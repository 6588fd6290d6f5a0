"""Permit rules and pathways (secretariat): rule versions, pathways, retirement."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, invalid

from ..models import PermitPathway
from ._common import _text


def new_rule_version(
    *,
    by,
    rule,
    valid_from: dt.date,
    min_income=None,
    max_income=None,
    documents: list[str] | None = None,
    source_url: str,
    read_on: dt.date,
):
    """Replace a permit rule from ``valid_from``: the current version ends the day before and a
    new version starts. Past checks keep the copy of the version they used."""
    from ..models import PermitRule

    require_secretariat(by, hide=False)
    if rule.pathway.retired_on is not None:
        raise invalid(None, _("This pathway is retired."), code="pathway_retired")
    if valid_from <= rule.valid_from:
        raise invalid(
            "valid_from", _("The new version must start after the current one."), code="valid_from_too_early"
        )
    low, high = _income(min_income, "min_income"), _income(max_income, "max_income")
    if low is not None and high is not None and high < low:
        raise invalid("max_income", _("The ceiling is below the threshold."), code="income_range_reversed")
    docs = _documents(documents)
    source_url = _text(source_url, field="source_url", max_length=200, required=True)
    with transaction.atomic(), acting_as(by):
        current = PermitRule.objects.select_for_update().get(pk=rule.pk)
        if current.valid_to is not None and current.valid_to < valid_from:
            raise invalid(
                "valid_from", _("This version has already ended; edit its successor."), code="rule_ended"
            )
        new = PermitRule.objects.create(
            pathway=current.pathway,
            label=current.label,
            version=current.version + 1,
            valid_from=valid_from,
            valid_to=current.valid_to,
            min_income=low,
            max_income=high,
            currency=current.currency,
            period=current.period,
            occupation_prefixes=current.occupation_prefixes,
            requires_employer=current.requires_employer,
            documents=docs,
            source_url=source_url,
            read_on=read_on,
        )
        current.valid_to = valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_to", "updated_at"])
    return new


# ---- permit pathways (secretariat) ----

PATHWAY_FIELDS = ("code", "name", "country", "kind", "authority", "description", "source_url", "read_on")


def save_pathway(
    *,
    by,
    code: str,
    name: str,
    country,
    kind: str,
    authority: str,
    source_url: str,
    read_on: dt.date,
    description: str = "",
    pathway: PermitPathway | None = None,
) -> PermitPathway:
    """Create a permit pathway, or correct the description of one (its dated rules change only
    through new versions). The code names it in links and past checks, so it cannot change."""
    require_secretariat(by, hide=False)
    from ..enums import PermitKind

    code = _text(code, field="code", max_length=40, required=True).lower()
    if not all(c.isalnum() or c in "-_" for c in code):
        raise invalid("code", _("Use letters, digits, hyphens and underscores."), code="invalid_code")
    if pathway is not None and code != pathway.code:
        raise invalid("code", _("The code of a pathway cannot change."), code="code_fixed")
    if pathway is None and PermitPathway.objects.filter(code=code).exists():
        raise invalid("code", _("Another pathway has this code."), code="code_taken")
    if kind not in PermitKind.values:
        raise invalid("kind", _("Choose a kind of permit."), code="invalid_choice")
    if country is None:
        raise invalid("country", _("This field is required."), code="required")
    if read_on > timezone.localdate():
        raise invalid("read_on", _("The source cannot be read in the future."), code="read_on_future")
    values = {
        "code": code,
        "name": _text(name, field="name", max_length=200, required=True),
        "country": country,
        "kind": kind,
        "authority": _text(authority, field="authority", max_length=200, required=True),
        "description": _text(description, field="description", max_length=3000),
        "source_url": _text(source_url, field="source_url", max_length=200, required=True),
        "read_on": read_on,
    }
    with transaction.atomic(), acting_as(by):
        pathway = pathway or PermitPathway()
        for k, v in values.items():
            setattr(pathway, k, v)
        pathway.save()
    return pathway


def _income(value, field: str):
    if value in (None, ""):
        return None
    return check_decimal(value, field=field, max_digits=12, decimal_places=2, minimum=0)


def _documents(documents) -> list[str]:
    docs = [_text(d, field="documents", max_length=300) for d in (documents or []) if (d or "").strip()]
    if not docs:
        raise invalid("documents", _("List at least one document."), code="documents_required")
    return docs


def add_rule(
    *,
    by,
    pathway: PermitPathway,
    label: str,
    valid_from: dt.date,
    currency,
    documents: list[str],
    source_url: str,
    read_on: dt.date,
    valid_to: dt.date | None = None,
    min_income=None,
    max_income=None,
    period: str = "month",
    occupation_prefixes: list[str] | None = None,
    requires_employer: bool = True,
):
    """A new band of a pathway (its version 1), in force from ``valid_from``."""
    from ..enums import SalaryPeriod
    from ..models import PermitRule

    require_secretariat(by, hide=False)
    if pathway.retired_on is not None:
        raise invalid(None, _("This pathway is retired."), code="pathway_retired")
    label = _text(label, field="label", max_length=80, required=True)
    if valid_to is not None and valid_to < valid_from:
        raise invalid("valid_to", _("The end date is before the start date."), code="dates_reversed")
    low, high = _income(min_income, "min_income"), _income(max_income, "max_income")
    if low is not None and high is not None and high < low:
        raise invalid("max_income", _("The ceiling is below the threshold."), code="income_range_reversed")
    if currency is None:
        raise invalid("currency", _("This field is required."), code="required")
    if period not in SalaryPeriod.values:
        raise invalid("period", _("Choose per month or per year."), code="invalid_choice")
    prefixes = [str(p).strip() for p in (occupation_prefixes or []) if str(p).strip()]
    if any(not p.isdigit() or len(p) > 4 for p in prefixes):
        raise invalid(
            "occupation_prefixes", _("Give ISCO-08 codes or their first digits."), code="invalid_prefix"
        )
    docs = _documents(documents)
    source_url = _text(source_url, field="source_url", max_length=200, required=True)
    with transaction.atomic(), acting_as(by):
        if PermitRule.objects.filter(pathway=pathway, label=label).exists():
            raise invalid("label", _("This band exists; give it a new version instead."), code="label_taken")
        return PermitRule.objects.create(
            pathway=pathway,
            label=label,
            version=1,
            valid_from=valid_from,
            valid_to=valid_to,
            min_income=low,
            max_income=high,
            currency=currency,
            period=period,
            occupation_prefixes=prefixes,
            requires_employer=bool(requires_employer),
            documents=docs,
            source_url=source_url,
            read_on=read_on,
        )


def retire_pathway(*, by, pathway: PermitPathway, on: dt.date) -> PermitPathway:
    """The pathway closes from ``on``: every rule still in force then ends the day before, so
    checks from ``on`` find none; rules, and checks made under them, stay for the record."""
    from ..models import PermitRule

    require_secretariat(by, hide=False)
    with transaction.atomic(), acting_as(by):
        pathway = PermitPathway.objects.select_for_update().get(pk=pathway.pk)
        if pathway.retired_on is not None:
            raise invalid(None, _("This pathway is already retired."), code="already_retired")
        if PermitRule.objects.filter(pathway=pathway, valid_from__gte=on).exists():
            raise invalid(
                "retired_on",
                _("A rule version starts on or after this date; retire the pathway after it."),
                code="rule_starts_later",
            )
        end = on - dt.timedelta(days=1)
        PermitRule.objects.filter(pathway=pathway).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=end)
        ).update(valid_to=end, updated_at=timezone.now())
        pathway.retired_on = on
        pathway.save(update_fields=["retired_on", "updated_at"])
    return pathway
