"""Talent operations. Every write: actor ``by``, permission checked on the object, validation
naming the field (nothing saved on error), one transaction, audited (``acting_as``);
notifications go out on commit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import is_secretariat, require_authenticated, require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, invalid
from corridor.core.notifications import notify
from corridor.core.text import check_name
from corridor.orgs.access import require_act_for
from corridor.orgs.queries import members_of

from . import access, credentials
from .enums import ApplicationStatus, Framework, JobStatus, Mobility, Visibility, WorkMode
from .models import (
    LANGUAGE_CHOICES,
    Application,
    ApplicationEvent,
    EquivalenceRule,
    Job,
    JobSkill,
    PermitPathway,
    ProfessionalProfile,
    ProfileLanguage,
    ProfileSkill,
    Qualification,
)

FRAMEWORK_MAX = {Framework.MQF: 8, Framework.KNQF: 10, Framework.OTHER: 10}


def _text(value, *, field: str, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise invalid(field, _("This field is required."), code="required")
    if len(value) > max_length:
        raise invalid(field, _("Use at most %(n)d characters.") % {"n": max_length}, code="too_long")
    return value


def _unique_pairs(pairs, *, field: str, code: str) -> list:
    seen = set()
    for key, _level in pairs:
        if key in seen:
            raise invalid(field, _("Each entry may appear only once."), code=code)
        seen.add(key)
    return list(pairs)


# ---- profiles ----


def save_profile(
    *,
    by,
    headline: str,
    country,
    summary: str = "",
    occupation=None,
    experience_years: int = 0,
    desired_country=None,
    mobility: str = Mobility.EITHER,
    expected_salary=None,
    expected_currency=None,
    visibility: str = Visibility.EMPLOYERS,
    skills: list | None = None,
    languages: list | None = None,
    qualifications: list[dict] | None = None,
) -> ProfessionalProfile:
    """Create or update ``by``'s own profile. ``skills``: [(Skill, level)], ``languages``:
    [(code, level)], ``qualifications``: dicts (title, awarding_body, country, framework,
    level, credits, year, optional id). Lists given replace the stored ones; a changed
    qualification loses its verification."""
    require_authenticated(by)
    headline = _text(headline, field="headline", max_length=160, required=True)
    summary = _text(summary, field="summary", max_length=3000)
    if mobility not in Mobility.values:
        raise invalid("mobility", _("Choose remote, relocation or either."), code="invalid_choice")
    if visibility not in Visibility.values:
        raise invalid("visibility", _("Choose a visibility."), code="invalid_choice")
    if not 0 <= int(experience_years) <= 60:
        raise invalid(
            "experience_years", _("Years of experience must be between 0 and 60."), code="out_of_range"
        )
    if expected_salary not in (None, ""):
        expected_salary = check_decimal(
            expected_salary, field="expected_salary", max_digits=12, decimal_places=2, minimum=0
        )
        if expected_currency is None:
            raise invalid(
                "expected_currency", _("Give the currency of the expected salary."), code="currency_required"
            )
    else:
        expected_salary = None
    skills = _unique_pairs(skills or [], field="skills", code="duplicate_skill")
    languages = _unique_pairs(languages or [], field="languages", code="duplicate_language")
    known = {code for code, _label in LANGUAGE_CHOICES}
    for code, level in languages:
        if code not in known or not 1 <= int(level) <= 4:
            raise invalid("languages", _("Unknown language or level."), code="invalid_language")
    for _skill, level in skills:
        if not 1 <= int(level) <= 4:
            raise invalid("skills", _("Skill levels go from 1 to 4."), code="invalid_level")
    quals = []
    for i, q in enumerate(qualifications or []):
        fw = q.get("framework")
        if fw not in Framework.values:
            raise invalid(f"qualifications-{i}-framework", _("Choose a framework."), code="invalid_choice")
        level = int(q.get("level") or 0)
        if not 1 <= level <= FRAMEWORK_MAX[fw]:
            raise invalid(
                f"qualifications-{i}-level",
                _("%(fw)s has levels 1 to %(n)d.") % {"fw": fw, "n": FRAMEWORK_MAX[fw]},
                code="level_out_of_range",
            )
        quals.append(
            {
                "id": q.get("id"),
                "title": _text(
                    q.get("title"), field=f"qualifications-{i}-title", max_length=200, required=True
                ),
                "awarding_body": _text(
                    q.get("awarding_body"),
                    field=f"qualifications-{i}-awarding_body",
                    max_length=200,
                    required=True,
                ),
                "country": q["country"],
                "framework": fw,
                "level": level,
                "credits": q.get("credits") or None,
                "year": q.get("year") or None,
            }
        )
    with transaction.atomic(), acting_as(by):
        profile, _created = ProfessionalProfile.objects.select_for_update().get_or_create(
            user=by, defaults={"headline": headline, "country": country}
        )
        for name, value in {
            "headline": headline,
            "summary": summary,
            "occupation": occupation,
            "experience_years": int(experience_years),
            "country": country,
            "desired_country": desired_country,
            "mobility": mobility,
            "expected_salary": expected_salary,
            "expected_currency": expected_currency if expected_salary is not None else None,
            "visibility": visibility,
        }.items():
            setattr(profile, name, value)
        profile.save()
        if skills is not None:
            profile.skills.all().delete()
            ProfileSkill.objects.bulk_create(
                [ProfileSkill(profile=profile, skill=s, level=lvl) for s, lvl in skills]
            )
        if languages is not None:
            profile.languages.all().delete()
            ProfileLanguage.objects.bulk_create(
                [ProfileLanguage(profile=profile, language=code, level=lvl) for code, lvl in languages]
            )
        if qualifications is not None:
            keep = []
            for q in quals:
                existing = profile.qualifications.filter(pk=q["id"]).first() if q["id"] else None
                fields = {k: v for k, v in q.items() if k != "id"}
                if existing is None:
                    existing = Qualification.objects.create(profile=profile, **fields)
                else:
                    changed = any(getattr(existing, k) != v for k, v in fields.items() if k != "country") or (
                        existing.country_id != getattr(q["country"], "pk", q["country"])
                    )
                    for k, v in fields.items():
                        setattr(existing, k, v)
                    if changed:
                        existing.verified_at = None
                        existing.verified_by = None
                    existing.save()
                keep.append(existing.pk)
            profile.qualifications.exclude(pk__in=keep).delete()
    return profile


def verify_qualification(*, by, qualification: Qualification) -> Qualification:
    """The secretariat confirms a qualification; a signed credential is issued to its holder."""
    require_secretariat(by, hide=False)
    with transaction.atomic(), acting_as(by):
        q = Qualification.objects.select_for_update().select_related("profile__user").get(pk=qualification.pk)
        if q.verified_at is None:
            q.verified_at = timezone.now()
            q.verified_by = by
            q.save(update_fields=["verified_at", "verified_by", "updated_at"])
        credentials.issue_for_qualification(qualification=q, by=by)
    return q


# ---- equivalence table (secretariat) ----


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


# ---- jobs ----


def save_job(
    *,
    by,
    organisation,
    title: str,
    occupation,
    salary_min,
    salary_max,
    currency,
    country,
    expires_on: dt.date,
    skills: list | None = None,
    description: str = "",
    qualification_framework: str = Framework.MQF,
    qualification_level: int | None = None,
    min_experience_years: int = 0,
    language: str = "en",
    city: str = "",
    work_mode: str = WorkMode.ONSITE,
    sponsors_permit: bool = False,
    job: Job | None = None,
) -> Job:
    """Post (or edit) a job for ``organisation``; needs ``can_act_for``."""
    require_act_for(by, organisation)
    if job is not None and job.organisation_id != organisation.pk:
        raise PermissionDenied
    title = _text(check_name(title, field="title"), field="title", max_length=160, required=True)
    description = _text(description, field="description", max_length=5000)
    low = check_decimal(salary_min, field="salary_min", max_digits=12, decimal_places=2, minimum=0)
    high = check_decimal(salary_max, field="salary_max", max_digits=12, decimal_places=2, minimum=0)
    if high < low:
        raise invalid(
            "salary_max", _("The maximum salary is below the minimum."), code="salary_range_reversed"
        )
    if expires_on < timezone.localdate():
        raise invalid("expires_on", _("The expiry date is in the past."), code="expiry_in_past")
    if expires_on > timezone.localdate() + dt.timedelta(days=366):
        raise invalid("expires_on", _("A job may be open for at most a year."), code="expiry_too_far")
    if work_mode not in WorkMode.values:
        raise invalid("work_mode", _("Choose remote, on-site or hybrid."), code="invalid_choice")
    if (
        qualification_level is not None
        and not 1 <= int(qualification_level) <= FRAMEWORK_MAX[qualification_framework]
    ):
        raise invalid(
            "qualification_level", _("This level does not exist in the framework."), code="level_out_of_range"
        )
    skills = _unique_pairs(skills or [], field="skills", code="duplicate_skill")
    if not skills:
        raise invalid("skills", _("Name at least one required skill."), code="skills_required")
    with transaction.atomic(), acting_as(by):
        job = job or Job(organisation=organisation)
        for k, v in {
            "title": title,
            "description": description,
            "occupation": occupation,
            "qualification_framework": qualification_framework,
            "qualification_level": qualification_level,
            "min_experience_years": int(min_experience_years or 0),
            "language": language,
            "salary_min": low,
            "salary_max": high,
            "currency": currency,
            "country": country,
            "city": _text(city, field="city", max_length=100),
            "work_mode": work_mode,
            "sponsors_permit": bool(sponsors_permit),
            "expires_on": expires_on,
        }.items():
            setattr(job, k, v)
        job.save()
        job.skills.all().delete()
        JobSkill.objects.bulk_create([JobSkill(job=job, skill=s, level=lvl) for s, lvl in skills])
    return job


def job_values(job: Job) -> dict:
    """The job as ``save_job`` arguments (a partial change fills the rest from here)."""
    return {
        "title": job.title,
        "description": job.description,
        "occupation": job.occupation,
        "qualification_framework": job.qualification_framework,
        "qualification_level": job.qualification_level,
        "min_experience_years": job.min_experience_years,
        "language": job.language,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "currency": job.currency,
        "country": job.country,
        "city": job.city,
        "work_mode": job.work_mode,
        "sponsors_permit": job.sponsors_permit,
        "expires_on": job.expires_on,
        "skills": [(s.skill, s.level) for s in job.skills.select_related("skill")],
    }


def close_job(*, by, job: Job) -> Job:
    require_act_for(by, job.organisation)
    with transaction.atomic(), acting_as(by):
        job.status = JobStatus.CLOSED
        job.save(update_fields=["status", "updated_at"])
    return job


# ---- applications ----

EMPLOYER_MOVES = {
    ApplicationStatus.APPLIED: {ApplicationStatus.SHORTLISTED, ApplicationStatus.DECLINED},
    ApplicationStatus.SHORTLISTED: {ApplicationStatus.OFFERED, ApplicationStatus.DECLINED},
    ApplicationStatus.OFFERED: {ApplicationStatus.PERMIT_FILED, ApplicationStatus.MOVED},
    ApplicationStatus.PERMIT_FILED: {ApplicationStatus.MOVED},
    ApplicationStatus.MOVED: {ApplicationStatus.RETURNED},
}
APPLICANT_MOVES = {
    ApplicationStatus.APPLIED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SHORTLISTED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.OFFERED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.MOVED: {ApplicationStatus.RETURNED},
}


def apply_to_job(*, by, job: Job, cover_note: str = "") -> Application:
    """``by`` applies with their profile to an open job."""
    require_authenticated(by)
    if not access.can_view_job(by, job):
        raise access.NotFound
    profile = ProfessionalProfile.objects.filter(user=by).first()
    if profile is None:
        raise invalid(None, _("Create your professional profile first."), code="profile_required")
    if job.status != JobStatus.OPEN or job.is_expired:
        raise invalid(None, _("This job is no longer open."), code="job_closed")
    cover_note = _text(cover_note, field="cover_note", max_length=3000)
    with transaction.atomic(), acting_as(by):
        if Application.objects.filter(job=job, profile=profile).exists():
            raise invalid(None, _("You have already applied to this job."), code="already_applied")
        application = Application.objects.create(job=job, profile=profile, cover_note=cover_note)
        ApplicationEvent.objects.create(application=application, to_status=ApplicationStatus.APPLIED, by=by)
        url = application.get_absolute_url()
        for member in members_of(job.organisation):
            if member.user_id != by.pk and access.can_act_for(member.user, job.organisation):
                user = member.user
                notify(user=user, text=lambda: _("New application to %(job)s.") % {"job": job.title}, url=url)
    return application


def transition(*, by, application: Application, to_status: str, note: str = "", pathway=None) -> Application:
    """Move an application along applied → shortlisted → offered → permit filed → moved →
    returned (or declined / withdrawn). The employer moves it forward; the applicant may
    withdraw or record a return. Reaching "moved" issues the placement credential."""
    if not access.can_view_application(by, application):
        raise access.NotFound
    note = _text(note, field="note", max_length=300)
    if to_status not in ApplicationStatus.values:
        raise invalid("status", _("Unknown status."), code="invalid_choice")
    with transaction.atomic(), acting_as(by):
        app = Application.objects.select_for_update().get(pk=application.pk)
        app = access.get_application(by, app.pk)
        employer = access.can_act_for(by, app.job.organisation)
        applicant = app.profile.user_id == by.pk
        allowed = set()
        if employer:
            allowed |= EMPLOYER_MOVES.get(app.status, set())
        if applicant:
            allowed |= APPLICANT_MOVES.get(app.status, set())
        if not employer and not applicant and not is_secretariat(by):
            raise PermissionDenied
        if to_status not in allowed:
            raise invalid(
                "status",
                _("An application that is %(s)s cannot become %(t)s.")
                % {"s": app.get_status_display(), "t": ApplicationStatus(to_status).label},
                code="transition_not_allowed",
            )
        if pathway is not None:
            if not isinstance(pathway, PermitPathway) or pathway.country_id not in (app.job.country_id,):
                raise invalid(
                    "pathway", _("Choose a pathway of the job's country."), code="pathway_wrong_country"
                )
            app.pathway = pathway
        previous = app.status
        app.status = to_status
        if to_status == ApplicationStatus.MOVED:
            app.moved_on = timezone.localdate()
        app.save()
        ApplicationEvent.objects.create(
            application=app, from_status=previous, to_status=to_status, by=by, note=note
        )
        if to_status == ApplicationStatus.MOVED:
            credentials.issue_for_placement(application=app, by=by)

        def text():
            return _("Your application to %(job)s is now: %(s)s.") % {
                "job": app.job.title,
                "s": app.get_status_display(),
            }

        url = app.get_absolute_url()
        recipients = (
            [app.profile.user] if not applicant else [m.user for m in members_of(app.job.organisation)]
        )
        for user in recipients:
            if user.pk != by.pk:
                notify(user=user, text=text, url=url)
    return app


def credit_conversion(credits: int, *, source: str, target: str) -> Decimal:
    """Credits of one framework expressed in another's through notional learning hours."""
    from .models import QualificationFramework

    hours = {
        f.code: f.hours_per_credit for f in QualificationFramework.objects.filter(code__in=[source, target])
    }
    if source not in hours or target not in hours:
        raise invalid("framework", _("Unknown framework."), code="unknown_framework")
    return Decimal(credits) * hours[source] / hours[target]


# ---- permit rules (secretariat) ----


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
    from .models import PermitRule

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
    from .enums import PermitKind

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
    from .enums import SalaryPeriod
    from .models import PermitRule

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
    from .models import PermitRule

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
