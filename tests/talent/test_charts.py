"""Talent trends as charts: professionals moved per half-year by direction, open jobs by
occupation and country; each chart's numbers are also on the page as a table."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from corridor.talent import queries, services
from corridor.talent.models import Application


def test_moves_per_half_year_by_direction_and_jobs_by_occupation(personas, talent, login):
    app = services.apply_to_job(by=talent.dan, job=talent.job)
    for status in ("shortlisted", "offered", "moved"):
        services.transition(by=personas.alice, application=app, to_status=status)
    today = timezone.localdate()
    first_half = dt.date(today.year - 1, 3, 10)
    Application.objects.filter(pk=app.pk).update(moved_on=first_half)
    start = dt.date(today.year - 1, 1, 1)
    rows = queries.moved_by_half_year(start, today)
    halves = [r["half"] for r in rows]
    assert halves[:2] == [f"{today.year - 1}-H1", f"{today.year - 1}-H2"]
    assert {r["direction"] for r in rows} == {"KE→MY"}
    assert [r["n"] for r in rows if r["half"] == f"{today.year - 1}-H1"] == [1]
    assert sum(r["n"] for r in rows) == 1
    assert len(halves) == len(set(halves)) == (3 if today.month <= 6 else 4)
    # a window without moves has no rows (the page then says so instead of an empty chart)
    assert queries.moved_by_half_year(dt.date(today.year - 1, 7, 1), today) == []

    jobs = queries.jobs_by_occupation_and_country(None)
    assert jobs == [{"occupation": "2512 Software developers", "country": "MY", "n": 1}]

    page = Client().get("/talent/").content.decode()
    assert "/talent/charts/moves.svg" in page and "/talent/charts/jobs.svg" in page
    assert f"{today.year - 1}-H1" in page and "2512 Software developers" in page
    for url, text in (("/talent/charts/moves.svg", b"KE"), ("/talent/charts/jobs.svg", b"2512")):
        chart = Client().get(url)
        assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content and text in chart.content


def test_jobs_chart_shows_only_what_the_visitor_may_see(personas, talent):
    from corridor.talent.models import Job

    Job.objects.filter(pk=talent.job.pk).update(status="closed")
    assert queries.jobs_by_occupation_and_country(None) == []
    chart = Client().get("/talent/charts/jobs.svg")
    assert b"2512" not in chart.content
