"""Free text in matching: skills a job names only in its description are read through the
taxonomy (names and alternative labels) and count for the professionals who have them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from corridor.core.models import Currency
from corridor.talent import matching, services
from corridor.talent.enums import Visibility, WorkMode


def test_description_skills_rank_and_explain(personas, talent, ref, my):
    ref.sql.alt_labels = ["structured query language"]
    ref.sql.save()
    job = services.save_job(
        by=personas.alice,
        organisation=personas.org_a,
        title="Data engineer",
        description="You will write Structured Query Language every day.",
        occupation=ref.dev,
        salary_min=Decimal("12000"),
        salary_max=Decimal("15000"),
        currency=Currency.objects.get(code="MYR"),
        country=my,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        skills=[(ref.python, 1)],
        work_mode=WorkMode.REMOTE,
    )
    # Paul (public) lists SQL, Dan (employers only) does not; both hold python
    services.save_profile(
        by=talent.paul,
        headline="Public data analyst",
        visibility=Visibility.PUBLIC,
        country=talent.paul_p.country,
        skills=[(ref.sql, 3), (ref.python, 1)],
        languages=[("en", 3)],
    )
    services.save_profile(
        by=talent.dan,
        headline="Backend developer, payments",
        visibility=Visibility.PUBLIC,
        country=talent.dan_p.country,
        skills=[(ref.python, 3), (ref.payments, 2)],
        languages=[("en", 3)],
    )
    ranked = matching.professionals_for(job, personas.alice, k=5)
    names = [p.user.full_name for p, _fit in ranked]
    assert names.index("Paul Public") < names.index("Dan Kamau")
    fits = {p.user.full_name: fit for p, fit in ranked}
    assert "The description also asks for SQL: listed." in fits["Paul Public"]["reasons"]
    assert "The description also asks for SQL: not listed." in fits["Dan Kamau"]["reasons"]
    assert fits["Paul Public"]["score"] > fits["Dan Kamau"]["score"]
