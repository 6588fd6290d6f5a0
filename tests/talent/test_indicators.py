"""Council indicators: professionals moved by destination, pathway and direction; applications."""

import datetime as dt

from django.utils import timezone

from corridor.council.registry import _PROVIDERS
from corridor.talent import indicators, queries, services
from corridor.talent.models import PermitPathway


def test_moves_are_counted_by_destination_pathway_and_direction(talent, personas):
    app = services.apply_to_job(by=talent.dan, job=talent.job)
    ep = PermitPathway.objects.get(code="my-employment-pass")
    for status in ("shortlisted", "offered"):
        services.transition(by=personas.alice, application=app, to_status=status)
    services.transition(by=personas.alice, application=app, to_status="permit_filed", pathway=ep)
    services.transition(by=personas.alice, application=app, to_status="moved")
    services.apply_to_job(by=talent.paul, job=talent.job)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    assert _PROVIDERS["talent.moved"].compute(start, end) == {"MY": 1.0, "KE": 0.0, None: 1.0}
    assert _PROVIDERS["talent.applications"].compute(start, end) == {None: 2.0}
    assert indicators.moved_by_pathway_and_direction(start, end) == [
        {"pathway": "my-employment-pass", "direction": "KE→MY", "n": 1}
    ]
    by_status = queries.applications_by_status()
    assert by_status["moved"] == 1 and by_status["applied"] == 1
    # outside the period nothing moved
    assert (
        _PROVIDERS["talent.moved"].compute(start - dt.timedelta(days=30), start - dt.timedelta(days=2))[None]
        == 0
    )
