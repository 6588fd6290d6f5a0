import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from corridor.core.models import Currency, CurrencyRate
from corridor.talent import services
from corridor.talent.enums import Framework, Mobility, Visibility, WorkMode
from corridor.talent.models import Occupation, Skill
from corridor.talent.reference import load_reference
from tests.factories import UserFactory


@pytest.fixture
def ref(db):
    load_reference()
    for code, rate in (("MYR", "4.50"), ("KES", "130.00")):
        CurrencyRate.objects.get_or_create(
            currency=Currency.objects.get(code=code),
            date=dt.date(2020, 1, 1),
            defaults={"units_per_usd": Decimal(rate)},
        )
    return SimpleNamespace(
        python=Skill.objects.get(code="python"),
        sql=Skill.objects.get(code="sql"),
        payments=Skill.objects.get(code="payments"),
        dev=Occupation.objects.get(isco_code="2512"),
    )


@pytest.fixture
def talent(personas, ref, my, ke):
    """Kenyan developer Dan (employers-only profile), hidden Hana, public Paul; a job at Alpha (MY)."""
    dan = UserFactory(email="dan@k.example", full_name="Dan Kamau")
    hana = UserFactory(email="hana@k.example", full_name="Hana SECRET Hidden")
    paul = UserFactory(email="paul@k.example", full_name="Paul Public")
    common = {
        "occupation": ref.dev,
        "experience_years": 5,
        "country": ke,
        "desired_country": my,
        "mobility": Mobility.EITHER,
        "languages": [("en", 3), ("sw", 4)],
    }
    dan_p = services.save_profile(
        by=dan,
        headline="Backend developer, payments",
        visibility=Visibility.EMPLOYERS,
        skills=[(ref.python, 3), (ref.payments, 2)],
        qualifications=[
            {
                "title": "BSc Computer Science",
                "awarding_body": "University of Nairobi",
                "country": ke,
                "framework": Framework.KNQF,
                "level": 7,
                "credits": 480,
            }
        ],
        **common,
    )
    hana_p = services.save_profile(
        by=hana,
        headline="SECRET hidden profile",
        visibility=Visibility.HIDDEN,
        skills=[(ref.python, 4)],
        **common,
    )
    paul_p = services.save_profile(
        by=paul, headline="Public data analyst", visibility=Visibility.PUBLIC, skills=[(ref.sql, 3)], **common
    )
    job = services.save_job(
        by=personas.alice,
        organisation=personas.org_a,
        title="Payments engineer",
        occupation=ref.dev,
        salary_min=Decimal("12000"),
        salary_max=Decimal("15000"),
        currency=Currency.objects.get(code="MYR"),
        country=my,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        skills=[(ref.python, 3), (ref.payments, 3), (ref.sql, 2)],
        work_mode=WorkMode.ONSITE,
        sponsors_permit=True,
        qualification_framework=Framework.MQF,
        qualification_level=6,
    )
    return SimpleNamespace(dan=dan, hana=hana, paul=paul, dan_p=dan_p, hana_p=hana_p, paul_p=paul_p, job=job)
