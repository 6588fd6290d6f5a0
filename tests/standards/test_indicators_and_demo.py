"""Council indicators of the module and the idempotent demo seed."""

import datetime as dt
import io

import pytest

from corridor.council.registry import provider
from corridor.standards import services
from corridor.standards.models import RecognitionArea, StatusChange

from .base_documents import UBL

pytestmark = pytest.mark.django_db


def test_status_counts_indicator_follows_dated_history(personas):
    area = RecognitionArea.objects.get(domain="einvoicing")
    services.change_status(
        by=personas.secretariat,
        area=area,
        to_status="equivalent",
        decision="MoU (fictional)",
        date=dt.date(2025, 6, 1),
    )
    p = provider("standards.domains_recognised")
    assert p.compute(dt.date(2025, 1, 1), dt.date(2025, 5, 31)) == {None: 0.0}
    assert p.compute(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == {None: 1.0}


def test_checks_indicators_by_country(personas):
    today = dt.date.today()
    services.run_check(by=personas.alice, data=UBL.encode(), packs=["EN"])
    services.run_check(by=personas.bob, data=UBL.replace("INV-1", "").encode(), packs=["EN"])
    assert provider("standards.checks_run").compute(today, today) == {None: 2.0, "MY": 1.0, "KE": 1.0}
    assert provider("standards.checks_valid_share").compute(today, today) == {
        None: 50.0,
        "MY": 100.0,
        "KE": 0.0,
    }


def test_demo_seed_is_idempotent_and_marks_fiction(personas):
    from corridor.standards import demo

    users = {"secretariat@corridor.demo": personas.secretariat}
    demo.seed(users=users, stdout=io.StringIO())
    demo.seed(users=users, stdout=io.StringIO())
    changes = StatusChange.objects.all()
    assert changes.count() == len(demo.FICTIONAL_CHANGES)
    assert all(c.is_fictional and "Fictional" in c.decision for c in changes)


def test_statistics_chart_is_secretariat_only(personas, login):
    from django.urls import reverse

    services.run_check(by=personas.alice, data=UBL.encode(), packs=["EN"])
    r = login(personas.secretariat).get(reverse("standards:statistics_chart"))
    assert r.status_code == 200 and r["Content-Type"] == "image/svg+xml" and b"<svg" in r.content
    assert login(personas.alice).get(reverse("standards:statistics_chart")).status_code == 404
