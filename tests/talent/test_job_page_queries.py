"""The job page reads a constant number of queries, however many skills the job asks for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corridor.talent import services

pytestmark = pytest.mark.django_db


def _queries(client, user, job) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("talent:job", args=[job.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_job_page_queries_do_not_grow_with_skills(client, talent, ref, personas):
    job = talent.job
    fields = {
        f: getattr(job, f)
        for f in (
            "title",
            "salary_min",
            "salary_max",
            "expires_on",
            "work_mode",
            "sponsors_permit",
            "qualification_framework",
            "qualification_level",
        )
    }
    common = dict(
        by=personas.alice,
        organisation=job.organisation,
        job=job,
        occupation=job.occupation,
        currency=job.currency,
        country=job.country,
        **fields,
    )
    services.save_job(skills=[(ref.python, 3)], **common)
    one = _queries(client, talent.dan, job)
    services.save_job(skills=[(ref.python, 3), (ref.payments, 3), (ref.sql, 2)], **common)
    three = _queries(client, talent.dan, job)
    assert three == one
