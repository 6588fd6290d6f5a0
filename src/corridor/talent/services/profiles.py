"""Professional profiles: saving one (skills, languages, qualifications) and verifying a qualification."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import require_authenticated, require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import check_decimal, invalid

from .. import credentials
from ..enums import Framework, Mobility, Visibility
from ..models import LANGUAGE_CHOICES, ProfessionalProfile, ProfileLanguage, ProfileSkill, Qualification
from ._common import FRAMEWORK_MAX, _text, _unique_pairs


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
