"""Reads the talent pages and API need, with their joins built in."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from . import access
from .enums import ApplicationStatus, EquivalenceStatus, Framework
from .models import (
    Application,
    Credential,
    EquivalenceRule,
    Job,
    JobSkill,
    Occupation,
    PermitPathway,
    PermitRule,
    ProfessionalProfile,
    ProfileSkill,
    QualificationFramework,
    Skill,
)


def skills():
    return Skill.objects.all()


def occupations(*, digital_only: bool = False):
    qs = Occupation.objects.all()
    return qs.filter(is_digital=True) if digital_only else qs


def jobs_visible_to(
    user, *, q: str = "", occupation=None, country=None, work_mode=None, skill=None, organisation=None
):
    qs = Job.objects.filter(access.job_filter(user))
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(organisation__name__icontains=q)
        )
    if occupation:
        qs = qs.filter(occupation=occupation)
    if country:
        qs = qs.filter(country=country)
    if work_mode:
        qs = qs.filter(work_mode=work_mode)
    if skill:
        qs = qs.filter(skills__skill=skill)
    if organisation:
        qs = qs.filter(organisation=organisation)
    return (
        qs.select_related("organisation", "occupation", "currency", "country")
        .prefetch_related(Prefetch("skills", queryset=JobSkill.objects.select_related("skill")))
        .distinct()
        .order_by("-created_at", "-pk")
    )


def profiles_visible_to(user, *, q: str = "", occupation=None, country=None, skill=None):
    qs = ProfessionalProfile.objects.filter(access.profile_filter(user))
    if q:
        qs = qs.filter(Q(headline__icontains=q) | Q(summary__icontains=q) | Q(user__full_name__icontains=q))
    if occupation:
        qs = qs.filter(occupation=occupation)
    if country:
        qs = qs.filter(country=country)
    if skill:
        qs = qs.filter(skills__skill=skill)
    return (
        qs.select_related("user", "occupation", "country", "desired_country")
        .prefetch_related(Prefetch("skills", queryset=ProfileSkill.objects.select_related("skill")))
        .distinct()
        .order_by("-updated_at", "pk")
    )


def profile_detail(profile: ProfessionalProfile) -> ProfessionalProfile:
    return (
        ProfessionalProfile.objects.select_related(
            "user", "occupation", "country", "desired_country", "expected_currency"
        )
        .prefetch_related(
            Prefetch("skills", queryset=ProfileSkill.objects.select_related("skill")),
            "languages",
            "qualifications__country",
        )
        .get(pk=profile.pk)
    )


def own_profile(user) -> ProfessionalProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ProfessionalProfile.objects.filter(user=user).first()


def applications_of(user, *, job=None):
    """Applications ``user`` may see: their own, their organisations' jobs', all for the secretariat;
    with ``job``, those to that job only."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    qs = Application.objects.all() if job is None else Application.objects.filter(job=job)
    if not access.is_secretariat(user):
        from corridor.orgs.access import acting_organisation_ids

        qs = qs.filter(Q(profile__user=user) | Q(job__organisation_id__in=acting_organisation_ids(user)))
    return qs.select_related(
        "job", "job__organisation", "job__country", "profile", "profile__user", "pathway"
    ).order_by("-updated_at", "-pk")


def application_detail(application: Application) -> Application:
    return (
        Application.objects.select_related("job__organisation", "job__occupation", "profile__user", "pathway")
        .prefetch_related("events__by")
        .get(pk=application.pk)
    )


def credentials_of(user):
    if not getattr(user, "is_authenticated", False):
        return Credential.objects.none()
    qs = Credential.objects.all() if access.is_secretariat(user) else Credential.objects.filter(subject=user)
    return qs.select_related("subject")


def frameworks() -> dict[str, QualificationFramework]:
    return {f.code: f for f in QualificationFramework.objects.all()}


def equivalence_rules(on: dt.date | None = None):
    on = on or timezone.localdate()
    return EquivalenceRule.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def compare(framework: str, level: int, *, on: dt.date | None = None) -> list[dict]:
    """How a level of one framework reads in the other (MQF ↔ KNQF), with the rule's status
    and source; empty when no rule covers it."""
    rules = equivalence_rules(on)
    if framework == Framework.MQF:
        matches = rules.filter(mqf_level=level)
        return [
            {"framework": Framework.KNQF, "level": r.knqf_level, "status": r.status, "rule": r}
            for r in matches
        ]
    if framework == Framework.KNQF:
        matches = rules.filter(knqf_level=level)
        return [
            {"framework": Framework.MQF, "level": r.mqf_level, "status": r.status, "rule": r} for r in matches
        ]
    return []


def is_recognised(rows: list[dict]) -> bool:
    return any(r["status"] == EquivalenceStatus.RECOGNISED for r in rows)


def pathways():
    return PermitPathway.objects.select_related("country").prefetch_related(
        Prefetch(
            "rules",
            queryset=PermitRule.objects.select_related("currency").order_by("-valid_from", "-min_income"),
        )
    )


def applications_by_status() -> dict[str, int]:
    rows = Application.objects.values("status").annotate(n=Count("id"))
    out = dict.fromkeys(ApplicationStatus.values, 0)
    for row in rows:
        out[row["status"]] = row["n"]
    return out


def job_skills(job: Job):
    return job.skills.select_related("skill")


def postable_organisations(user):
    """Organisations ``user`` may post jobs for (all for the secretariat)."""
    from corridor.orgs.queries import acting_organisations

    return acting_organisations(user)


def country_or_error(code, *, field: str):
    """The Country with ISO code ``code`` (None for empty), else a field error."""
    from corridor.core.errors import invalid
    from corridor.core.models import Country

    if code in (None, ""):
        return None
    country = Country.objects.filter(code=str(code).upper()).first()
    if country is None:
        raise invalid(field, "Unknown country code.", code="unknown_country")
    return country


def currency_or_error(code, *, field: str):
    from corridor.core.errors import invalid
    from corridor.core.models import Currency

    if code in (None, ""):
        return None
    currency = Currency.objects.filter(code=str(code).upper()).first()
    if currency is None:
        raise invalid(field, "Unknown currency code.", code="unknown_currency")
    return currency


def profile_detail_qs():
    return ProfessionalProfile.objects.select_related(
        "user", "occupation", "country", "desired_country"
    ).prefetch_related(
        Prefetch("skills", queryset=ProfileSkill.objects.select_related("skill")),
        "languages",
        "qualifications",
    )


def moved_by_half_year(start: dt.date, end: dt.date) -> list[dict]:
    """Rows {half: "2025-H1", direction: "KE→MY", n} of professionals moved (status moved or
    returned, by move date) between ``start`` and ``end``, every half-year of the span listed
    for every direction seen so gaps show as zero."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    rows = (
        Application.objects.filter(status__in=["moved", "returned"], moved_on__gte=start, moved_on__lte=end)
        .annotate(y=ExtractYear("moved_on"), mo=ExtractMonth("moved_on"))
        .values("y", "mo", "profile__country_id", "job__country_id")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (f"{r['y']}-H{1 if r['mo'] <= 6 else 2}", f"{r['profile__country_id']}→{r['job__country_id']}")
        counts[key] = counts.get(key, 0) + r["n"]
    halves = []
    y, h = start.year, 1 if start.month <= 6 else 2
    while (y, h) <= (end.year, 1 if end.month <= 6 else 2):
        halves.append(f"{y}-H{h}")
        y, h = (y, 2) if h == 1 else (y + 1, 1)
    directions = sorted({d for _half, d in counts})
    return [
        {"half": half, "direction": d, "n": counts.get((half, d), 0)} for half in halves for d in directions
    ]


def jobs_by_occupation_and_country(user) -> list[dict]:
    """Rows {occupation, country, n} of the open jobs ``user`` may see, most common first."""
    on = timezone.localdate()
    rows = (
        Job.objects.filter(access.job_filter(user), status="open", expires_on__gte=on)
        .values("occupation__isco_code", "occupation__title", "country_id")
        .annotate(n=Count("id"))
        .order_by("-n", "occupation__isco_code", "country_id")
    )
    return [
        {
            "occupation": f"{r['occupation__isco_code']} {r['occupation__title']}",
            "country": r["country_id"],
            "n": r["n"],
        }
        for r in rows
    ]


def visible_job(user, pk):
    """One job as the API shows it, read again after a write (it must be visible to ``user``)."""
    return jobs_visible_to(user).get(pk=pk)


def pathway_detail(pk):
    """One permit pathway with its rules, as the API shows it."""
    return pathways().get(pk=pk)


def rule_of(pathway, pk):
    """The band version ``pk`` of ``pathway``, or None (a band of another pathway is None too)."""
    return pathway.rules.filter(pk=pk).first()
