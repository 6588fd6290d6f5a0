"""Job postings: saving, their editable values, closing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, invalid
from corridor.core.text import check_name
from corridor.orgs.access import require_act_for

from ..enums import Framework, JobStatus, WorkMode
from ..models import Job, JobSkill
from ._common import FRAMEWORK_MAX, _text, _unique_pairs


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
