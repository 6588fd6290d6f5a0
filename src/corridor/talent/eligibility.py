"""Permit eligibility: which dated permit rules a profile meets for a job, with the rule, the
threshold and the documents named. Every check is recorded with a copy of the rules it used,
so a past check reads the same after the secretariat replaces a rule."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, invalid
from corridor.core.models import Currency
from corridor.core.services import rate_on

from . import access
from .enums import SalaryPeriod, WorkMode
from .models import EligibilityCheck, Job, PermitRule, ProfessionalProfile

CENT = Decimal("0.01")


def rules_in_force(country_code: str, on: dt.date):
    return (
        PermitRule.objects.filter(pathway__country_id=country_code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("pathway", "currency")
        .order_by("pathway__code", "-min_income")
    )


def convert(amount: Decimal, source: str, target: str, on: dt.date) -> Decimal | None:
    """``amount`` in ``source`` expressed in ``target`` through the dated USD rates."""
    if source == target:
        return amount
    a, b = rate_on(source, on), rate_on(target, on)
    if a is None or b is None:
        return None
    return (amount / a * b).quantize(CENT, rounding=ROUND_HALF_UP)


def destination(profile: ProfessionalProfile, job: Job | None) -> str | None:
    """Where the professional would live and work: the job's country for an on-site job,
    the desired country otherwise (None: stays at home, no permit needed)."""
    if job is not None and job.work_mode != WorkMode.REMOTE:
        return job.country_id
    if profile.desired_country_id and profile.desired_country_id != profile.country_id:
        return profile.desired_country_id
    return None


def evaluate(
    *, profile: ProfessionalProfile, job: Job | None, income: Decimal, currency: str, on: dt.date
) -> list[dict]:
    """One result per rule in force in the destination country (pure read)."""
    dest = destination(profile, job)
    if dest is None or dest == profile.country_id:
        return []
    isco = (job.occupation.isco_code if job else None) or (
        profile.occupation.isco_code if profile.occupation else ""
    )
    results = []
    for rule in rules_in_force(dest, on):
        reasons: list[str] = []
        ok = True
        if rule.requires_employer:
            if job is None or job.work_mode == WorkMode.REMOTE:
                ok = False
                reasons.append("Needs an on-site job with an employer in the country.")
            elif job.organisation.country_id != dest:
                ok = False
                reasons.append("The employer must be established in the country.")
            elif not job.sponsors_permit:
                ok = False
                reasons.append("The employer does not sponsor the permit for this job.")
        else:
            if job is not None and job.work_mode != WorkMode.REMOTE:
                ok = False
                reasons.append("A remote-work pass does not cover an on-site job.")
            elif job is not None and job.organisation.country_id == dest:
                ok = False
                reasons.append("A remote-work pass needs an employer or clients outside the country.")
        if rule.occupation_prefixes and not any(isco.startswith(p) for p in rule.occupation_prefixes):
            ok = False
            reasons.append(f"Open to occupations {', '.join(rule.occupation_prefixes)} (ISCO-08) only.")
        tested = convert(income, currency, rule.currency_id, on)
        if tested is not None and rule.period == SalaryPeriod.YEAR:
            tested = tested * 12
        if rule.min_income is not None or rule.max_income is not None:
            if tested is None:
                ok = False
                reasons.append(f"No exchange rate {currency}→{rule.currency_id} on {on}; cannot compare.")
            else:
                if rule.min_income is not None and tested < rule.min_income:
                    ok = False
                    reasons.append(
                        f"Income {tested} {rule.currency_id} {rule.get_period_display()} is below {rule.min_income}."
                    )
                if rule.max_income is not None and tested > rule.max_income:
                    ok = False
                    reasons.append(
                        f"Income {tested} {rule.currency_id} is above this band's ceiling {rule.max_income}."
                    )
        if ok:
            reasons.append("All conditions met.")
        results.append(
            {
                "rule_id": rule.pk,
                "pathway": rule.pathway.code,
                "pathway_name": rule.pathway.name,
                "label": rule.label,
                "version": rule.version,
                "valid_from": rule.valid_from.isoformat(),
                "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
                "threshold": str(rule.min_income) if rule.min_income is not None else None,
                "ceiling": str(rule.max_income) if rule.max_income is not None else None,
                "currency": rule.currency_id,
                "period": rule.period,
                "income_tested": str(tested) if tested is not None else None,
                "eligible": ok,
                "reasons": reasons,
                "documents": list(rule.documents),
                "source_url": rule.source_url,
                "read_on": rule.read_on.isoformat(),
            }
        )
    return results


def check_eligibility(
    *,
    by,
    profile: ProfessionalProfile,
    job: Job | None = None,
    income=None,
    currency: str | None = None,
    as_of: dt.date | None = None,
) -> EligibilityCheck:
    """Record an eligibility check. The professional themself, those acting for the job's
    organisation (for their applicants' visible profiles) or the secretariat may run it.
    ``income`` defaults to the job's lowest monthly salary."""
    if not access.can_view_profile(by, profile):
        raise access.NotFound
    if job is not None and not access.can_view_job(by, job):
        raise access.NotFound
    if income in (None, ""):
        if job is None:
            raise invalid("income", "Give an income or choose a job.", code="income_required")
        income, currency = job.salary_min, job.currency_id
    income = check_decimal(income, field="income", max_digits=12, decimal_places=2, minimum=0)
    if not currency or not Currency.objects.filter(code=currency).exists():
        raise invalid("currency", "Choose a currency.", code="unknown_currency")
    on = as_of or timezone.localdate()
    results = evaluate(profile=profile, job=job, income=income, currency=currency, on=on)
    with transaction.atomic(), acting_as(by):
        return EligibilityCheck.objects.create(
            profile=profile,
            job=job,
            checked_by=by if getattr(by, "is_authenticated", False) else None,
            as_of=on,
            income=income,
            currency_id=currency,
            results=results,
        )
