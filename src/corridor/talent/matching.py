"""Matching service: loads jobs and profiles into the pure engine (``engines.talent_match``)
and turns its structured reasons into sentences."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.services import to_usd
from corridor.engines import talent_match as tm

from . import eligibility, queries
from .enums import Framework, Mobility, WorkMode
from .models import Job, ProfessionalProfile, Skill

LANG_INDEX = {code: i for i, code in enumerate(["en", "ms", "sw", "zh", "ta", "fr", "ar"])}
MOBILITY_CODE = {Mobility.REMOTE: 0, Mobility.RELOCATION: 1, Mobility.EITHER: 2}
# Qualification levels on the KNQF scale (MQF through the indicative bridge's typical award).
MQF_TO_KNQF = {1: 3, 2: 4, 3: 5, 4: 6, 5: 6, 6: 7, 7: 9, 8: 10}


def _knqf_level(framework: str, level: int | None) -> int:
    if not level:
        return 0
    return MQF_TO_KNQF.get(level, 0) if framework == Framework.MQF else level


def _usd(amount, currency_code, on) -> float:
    if amount is None or not currency_code:
        return float("nan")
    value = to_usd(Decimal(amount), currency_code, on)
    return float("nan") if value is None else float(value)


def skill_lexicon() -> dict[tuple[str, ...], int]:
    """Every skill's name and alternative labels → its id (for reading free text)."""
    labels: dict[str, int] = {}
    for pk, name, alt in Skill.objects.values_list("pk", "name", "alt_labels"):
        for label in [name, *(alt or [])]:
            if isinstance(label, str):
                labels.setdefault(label, pk)
    return tm.lexicon(labels)


def _words(lex, *texts: str) -> list[str]:
    """Free text read through the taxonomy: a skill's name or synonym becomes its skill token."""
    return tm.normalise([w for t in texts for w in tm.tokens(t)], lex)


def _pro_row(p: ProfessionalProfile, on, lex=None) -> dict:
    quals = list(p.qualifications.all())
    skill_names = [s.skill.name for s in p.skills.all()]
    return {
        "words": _words(lex or {}, p.headline, p.summary, *skill_names),
        "skills": {s.skill_id: s.level for s in p.skills.all()},
        "languages": {LANG_INDEX.get(lang.language, 0) for lang in p.languages.all()},
        "experience": p.experience_years,
        "level": max((_knqf_level(q.framework, q.level) for q in quals), default=0),
        "expected_usd": _usd(p.expected_salary, p.expected_currency_id, on),
        "country": p.country_id,
        "mobility": MOBILITY_CODE[p.mobility],
    }


def _permit_ok(job: Job, on) -> bool:
    """A pathway of the job's country whose threshold the job's top salary meets."""
    if job.work_mode == WorkMode.REMOTE:
        return True
    if not job.sponsors_permit:
        return False
    for rule in eligibility.rules_in_force(job.country_id, on):
        if not rule.requires_employer:
            continue
        if rule.min_income is None:
            return True
        amount = eligibility.convert(job.salary_max, job.currency_id, rule.currency_id, on)
        if amount is not None and (amount * (12 if rule.period == "year" else 1)) >= rule.min_income:
            return True
    return False


def _job_row(j: Job, on, lex=None) -> dict:
    return {
        "words": _words(lex or {}, j.title, j.description, *(s.skill.name for s in j.skills.all())),
        "skills": {s.skill_id: s.level for s in j.skills.all()},
        "language": LANG_INDEX.get(j.language, 0),
        "min_experience": j.min_experience_years,
        "level": _knqf_level(j.qualification_framework, j.qualification_level),
        "salary_max_usd": _usd(j.salary_max, j.currency_id, on),
        "country": j.country_id,
        "remote": j.work_mode == WorkMode.REMOTE,
        "permit_ok": _permit_ok(j, on),
    }


def _text(pro_rows, job_rows) -> tuple[int, dict[str, float]]:
    """Replace each row's ``words`` by term counts (``text``); the vocabulary size and the idf
    of each word over the jobs' texts."""
    vocab: dict[str, int] = {}
    for r in job_rows:
        r["text"] = dict(tm.term_counts(r.pop("words"), vocab, grow=True))
    for r in pro_rows:
        r["text"] = dict(tm.term_counts(r.pop("words"), vocab, grow=False))
    width = max(len(vocab), 1)
    idf = tm.text_idf(tm.counts_matrix([r["text"] for r in job_rows], width))
    return width, {w: float(idf[i]) for w, i in vocab.items()}


def _arrays(pro_rows, job_rows):
    n_terms, idf = _text(pro_rows, job_rows)
    countries = {c: i for i, c in enumerate(sorted({r["country"] for r in pro_rows + job_rows}))}
    skill_ids = sorted({s for r in pro_rows + job_rows for s in r["skills"]})
    sk = {s: i for i, s in enumerate(skill_ids)}

    def norm(r):
        out = {**r, "country": countries[r["country"]], "skills": {sk[s]: v for s, v in r["skills"].items()}}
        if "salary_max_usd" in out and out["salary_max_usd"] != out["salary_max_usd"]:
            out["salary_max_usd"] = 1e12  # unknown rate: no salary penalty
        if "expected_usd" in out and out["expected_usd"] != out["expected_usd"]:
            out["expected_usd"] = None
        return out

    pros, jobs = tm.build(
        [norm(r) for r in pro_rows], [norm(r) for r in job_rows], max(len(skill_ids), 1), n_terms=n_terms
    )
    return pros, jobs, idf


def explain(profile: ProfessionalProfile, job: Job, *, lex=None, idf: dict | None = None) -> dict:
    """Score and reasons in words for one pair. ``idf``: word → idf over the jobs ranked with
    this one (default: this job alone), so the score is the one the ranking used."""
    on = timezone.localdate()
    lex = skill_lexicon() if lex is None else lex
    pro, jb = _pro_row(profile, on, lex), _job_row(job, on, lex)
    if jb["salary_max_usd"] != jb["salary_max_usd"]:
        jb["salary_max_usd"] = 1e12
    if pro["expected_usd"] != pro["expected_usd"]:
        pro["expected_usd"] = None
    if idf is None:
        _width, idf = _text([dict(pro)], [dict(jb)])
    pro["text"] = Counter(w for w in pro.pop("words") if w in idf)
    job_words = jb.pop("words")
    jb["text"] = Counter(w for w in job_words if w in idf)
    r = tm.reference_score(pro, jb, idf)
    names = {s.skill_id: s.skill.name for s in job.skills.all()}
    words = []
    if r.covered:
        words.append(_("Covers %(skills)s.") % {"skills": ", ".join(names[s] for s in r.covered)})
    if r.missing:
        words.append(_("Missing %(skills)s.") % {"skills": ", ".join(names[s] for s in r.missing)})
    if r.below_level:
        words.append(
            _("Below the level asked in %(skills)s.") % {"skills": ", ".join(names[s] for s in r.below_level)}
        )
    in_text = [pk for pk in tm.skills_in(job_words) if pk not in names]
    if in_text:
        named = dict(Skill.objects.filter(pk__in=in_text).values_list("pk", "name"))
        have = set(pro["skills"])
        shared = [named[pk] for pk in in_text if pk in have and pk in named]
        lacking = [named[pk] for pk in in_text if pk not in have and pk in named]
        if shared:
            words.append(
                _("The description also asks for %(skills)s: listed.") % {"skills": ", ".join(shared)}
            )
        if lacking:
            words.append(
                _("The description also asks for %(skills)s: not listed.") % {"skills": ", ".join(lacking)}
            )
    if "text" in r.parts:
        words.append(_("Words in common with the job: %(n)d%%.") % {"n": round(r.parts["text"] * 100)})
    if r.parts["level"] < 1:
        words.append(_("Qualification below the level asked."))
    if r.parts["experience"] < 1:
        words.append(_("Less experience than asked."))
    words.append(
        _("Speaks the working language.") if r.parts["language"] else _("Does not list the working language.")
    )
    words.append(
        _("Salary fits the expectation.") if r.parts["salary"] == 1 else _("Salary below the expectation.")
    )
    if r.parts["place"] == 1:
        words.append(_("No permit obstacle (same country, remote, or a feasible permit)."))
    elif r.parts["place"] >= 0.3:
        words.append(_("Relocation needs a permit this job's salary or sponsorship does not support."))
    else:
        words.append(_("Works remotely only; the job is on-site abroad."))
    return {"score": round(r.score * 100), "reasons": words}


def jobs_for(profile: ProfessionalProfile, user, k: int = 10) -> list[tuple[Job, dict]]:
    on = timezone.localdate()
    jobs = list(queries.jobs_visible_to(user).filter(status="open", expires_on__gte=on)[:2000])
    if not jobs:
        return []
    profile = queries.profile_detail(profile)
    lex = skill_lexicon()
    pros, arr, idf = _arrays([_pro_row(profile, on, lex)], [_job_row(j, on, lex) for j in jobs])
    idx, _vals = tm.top_jobs(pros, arr, k=k)
    return [(jobs[i], explain(profile, jobs[i], lex=lex, idf=idf)) for i in idx[0]]


def professionals_for(job: Job, user, k: int = 10) -> list[tuple[ProfessionalProfile, dict]]:
    on = timezone.localdate()
    profiles = list(
        queries.profiles_visible_to(user)
        .exclude(user=user)
        .prefetch_related("languages", "qualifications")[:5000]
    )
    if not profiles:
        return []
    lex = skill_lexicon()
    pros, arr, idf = _arrays([_pro_row(p, on, lex) for p in profiles], [_job_row(job, on, lex)])
    idx, _vals = tm.top_professionals(pros, arr, k=k)
    return [(profiles[i], explain(profiles[i], job, lex=lex, idf=idf)) for i in idx[0] if i < len(profiles)]
