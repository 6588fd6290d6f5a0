"""Issue 17.3: rows stored before the services checked their numbers break pages; ``corridor
repair_data`` lists them (dry run by default) and with ``--apply`` quarantines them with an audit entry,
after which the pages render again."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection

from corridor.council import services as council
from corridor.council.models import IndicatorValue

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's numeric columns refuse such values on insert"
)


def _raw_update(model, pk, column, sql_value):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = {sql_value} WHERE id = %s", [pk]
        )


def _repair(*args) -> str:
    out = io.StringIO()
    call_command("repair_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def value(personas, reported):
    return council.submit_value(
        by=personas.focal_ke, indicator=reported, period="2026-H1", value=3, unit="startups", country="KE"
    )


def test_nothing_to_repair_on_clean_data(value):
    assert "No out-of-range rows." in _repair()


def test_a_period_in_year_0_is_listed_then_rejected_with_its_reason(value, login, personas):
    IndicatorValue.objects.filter(pk=value.pk).update(period="0000-H1")
    sec = login(personas.secretariat)
    out = _repair()
    assert "council.IndicatorValue" in out and "year 0" in out and "--apply" in out
    value.refresh_from_db()
    assert value.status == "submitted"  # the dry run changed nothing
    assert "1 row(s) quarantined" in _repair("--apply")
    value.refresh_from_db()
    assert value.status == "rejected" and "0000-H1" in value.note
    assert sec.get("/council/indicators/SX-01/").status_code == 200
    assert sec.get("/api/council/values/").status_code == 200
    assert "No out-of-range rows." in _repair()


@sqlite_only
def test_an_infinite_council_value_is_quarantined_and_pages_render_again(value, login, personas):
    _raw_update(IndicatorValue, value.pk, "value", "9e999")  # SQLite reads this literal as Inf
    sec = login(personas.secretariat)
    sec.raise_request_exception = False
    urls = [
        "/council/indicators/SX-01/",
        "/api/council/values/",
        f"/admin/council/indicatorvalue/{value.pk}/change/",
    ]
    assert [sec.get(u).status_code for u in urls] == [500, 500, 500]
    assert "not finite" in _repair()
    assert "1 row(s) quarantined" in _repair("--apply")
    assert [sec.get(u).status_code for u in urls] == [200, 200, 200]
    value.refresh_from_db()
    assert value.value == Decimal(0) and value.status == "rejected"
    assert "Quarantined by repair_data" in value.note
    entry = LogEntry.objects.filter(object_pk=str(value.pk), additional_data__has_key="repair_data").get()
    assert "Inf" in entry.changes_dict["value"][0]


@sqlite_only
def test_a_huge_deal_value_is_quarantined_and_the_statistics_render_again(held, event, login, personas):
    from corridor.matchmaking import services
    from corridor.matchmaking.models import Outcome

    outcome = services.record_outcome(
        meeting=held, by=personas.bob, kind="deal_signed", deal_value=1000, currency="USD"
    )
    _raw_update(Outcome, outcome.pk, "deal_value", "99999999999999.99")
    sec = login(personas.secretariat)
    sec.raise_request_exception = False
    url = f"/events/{event.slug}/organise/stats/"
    assert sec.get(url).status_code == 500
    assert "matchmaking.Outcome" in _repair()
    _repair("--apply")
    assert sec.get(url).status_code == 200
    outcome.refresh_from_db()
    assert outcome.deal_value is None and "100000000000000" in outcome.notes
