"""Demo data for talent mobility: the reference facts (real, with sources), the professional
persona's profile (fictional), jobs at the demo companies (fictional) and a few fictional
professionals. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from corridor.core.models import Country, Currency
from corridor.orgs.enums import MemberRole
from corridor.orgs.models import Membership

from . import services
from .enums import Framework, Mobility, Visibility, WorkMode
from .models import Job, Occupation, ProfessionalProfile, Skill
from .reference import load_reference

SEED = 20251124
FICTIONAL = "Fictional demo record."


def _skills(codes):
    by_code = {s.code: s for s in Skill.objects.filter(code__in=[c for c, _ in codes])}
    return [(by_code[c], lvl) for c, lvl in codes if c in by_code]


def _owned_org(user):
    m = Membership.objects.filter(user=user, role=MemberRole.OWNER).select_related("organisation").first()
    return m.organisation if m else None


def seed(*, users, stdout=None) -> None:
    load_reference()
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    dev = Occupation.objects.get(isco_code="2512")
    pro = users.get("professional@corridor.demo")
    if pro is not None and not ProfessionalProfile.objects.filter(user=pro).exists():
        services.save_profile(
            by=pro,
            headline="Full-stack developer, mobile money and APIs",
            summary=f"{FICTIONAL} Builds payment integrations in Nairobi; wants to work in Kuala Lumpur.",
            occupation=dev,
            experience_years=6,
            country=ke,
            desired_country=my,
            mobility=Mobility.EITHER,
            expected_salary=12000,
            expected_currency=Currency.objects.get(code="MYR"),
            visibility=Visibility.EMPLOYERS,
            skills=_skills(
                [("python", 3), ("javascript", 3), ("payments", 3), ("api-design", 3), ("sql", 2)]
            ),
            languages=[("en", 4), ("sw", 4)],
            qualifications=[
                {
                    "title": "Bachelor of Science in Computer Science",
                    "awarding_body": "Fictional University of Nairobi",
                    "country": ke,
                    "framework": Framework.KNQF,
                    "level": 7,
                    "credits": 480,
                    "year": 2019,
                }
            ],
        )
        ProfessionalProfile.objects.filter(user=pro).update(is_fictional=True)
    today = timezone.localdate()
    jobs = [
        (
            users.get("member.a@corridor.demo"),
            my,
            "Payments platform engineer",
            "2512",
            "MYR",
            11000,
            16000,
            WorkMode.ONSITE,
            True,
            [("python", 3), ("payments", 3), ("api-design", 2)],
        ),
        (
            users.get("member.a@corridor.demo"),
            my,
            "Data engineer (logistics)",
            "2521",
            "MYR",
            8000,
            12000,
            WorkMode.HYBRID,
            True,
            [("sql", 3), ("data-engineering", 3), ("python", 2)],
        ),
        (
            users.get("member.b@corridor.demo"),
            ke,
            "Remote Android developer",
            "2514",
            "USD",
            2500,
            4000,
            WorkMode.REMOTE,
            False,
            [("kotlin", 3), ("mobile-development", 3), ("api-design", 2)],
        ),
    ]
    made = 0
    for owner, country, title, isco, cur, low, high, mode, sponsors, skills in jobs:
        org = _owned_org(owner) if owner else None
        if org is None or Job.objects.filter(organisation=org, title=title).exists():
            continue
        job = services.save_job(
            by=owner,
            organisation=org,
            title=title,
            description=FICTIONAL,
            occupation=Occupation.objects.get(isco_code=isco),
            salary_min=low,
            salary_max=high,
            currency=Currency.objects.get(code=cur),
            country=country,
            expires_on=today + dt.timedelta(days=90),
            skills=_skills(skills),
            work_mode=mode,
            sponsors_permit=sponsors,
            qualification_framework=Framework.MQF if country == my else Framework.KNQF,
            qualification_level=6 if country == my else 7,
            min_experience_years=2,
        )
        Job.objects.filter(pk=job.pk).update(is_fictional=True)
        made += 1
    rng = random.Random(SEED)
    from corridor.core.models import User

    codes = list(Skill.objects.values_list("code", flat=True))
    occupations = list(Occupation.objects.filter(is_digital=True))
    for i in range(12):
        email = f"talent{i:02d}@fictional.corridor.demo"
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": f"Demo Professional {i + 1}"}
        )
        if not created and ProfessionalProfile.objects.filter(user=user).exists():
            continue
        home = ke if i % 2 == 0 else my
        services.save_profile(
            by=user,
            headline=f"{FICTIONAL} {rng.choice(occupations).title}",
            occupation=rng.choice(occupations),
            experience_years=rng.randint(1, 12),
            country=home,
            desired_country=my if home == ke else ke,
            mobility=rng.choice(list(Mobility.values)),
            visibility=rng.choice([Visibility.PUBLIC, Visibility.EMPLOYERS, Visibility.HIDDEN]),
            skills=_skills([(c, rng.randint(1, 4)) for c in rng.sample(codes, 4)]),
            languages=[("en", 3), ("sw" if home == ke else "ms", 4)],
        )
        ProfessionalProfile.objects.filter(user=user).update(is_fictional=True)
    if stdout is not None:
        stdout.write(f"talent: reference data, demo profile, {made} jobs")
