"""A revision imported but not yet published never hides the published figures from the public."""

from decimal import Decimal

import pytest
from django.test import Client

from corridor.trade import indicators, queries, services
from corridor.trade.models import TradeRelease

from .conftest import comtrade_rows

pytestmark = pytest.mark.django_db

HEADER = "period,reporter,partner,flow,value,currency,source_name,source_url,publication_date,note"
SRC = "Example Statistics Office,https://example.org/{v},2025-{m}-01,"


def _headline(write_csv, name, value_2024, month):
    lines = [
        f"2023,MY,KE,T,5510000000,MYR,{SRC.format(v='a', m=month)}",
        f"2024,MY,KE,T,{value_2024},MYR,{SRC.format(v=name, m=month)}",
    ]
    return write_csv(f"{name}.csv", lines, header=HEADER)


def test_unpublished_revision_keeps_the_published_figures_public(write_csv, personas, login):
    services.set_target(by=None, baseline_year=2023, baseline_value=Decimal("5510000000"), currency="MYR")
    old = services.import_file(
        path=_headline(write_csv, "v1", 6000000000, "03"), fmt="headline", dataset="hl", publish=True
    ).release
    flows_old = services.import_file(
        path=write_csv("f1.csv", comtrade_rows()), fmt="comtrade", dataset="flows", publish=True
    ).release
    new = services.import_file(
        path=_headline(write_csv, "v2", 6600000000, "06"), fmt="headline", dataset="hl"
    ).release
    flows_new = services.import_file(
        path=write_csv("f2.csv", comtrade_rows(scale=2)), fmt="comtrade", dataset="flows"
    ).release
    assert new.supersedes == old and not new.is_published

    anon = Client()
    status = indicators.target_status()
    assert status["latest"]["value"] == 6.0e9 and status["latest"]["release_id"] == old.pk
    assert anon.get("/api/trade/target/").json()["latest"]["value"] == 6.0e9
    headline = anon.get("/api/trade/tables/headline/").json()
    assert {r[-1] for r in headline["rows"]} == {old.pk}
    assert 6.0e9 in [r[4] for r in headline["rows"]]
    trend = anon.get("/api/trade/tables/trend/").json()
    assert f"release #{flows_old.pk}" in trend["source"]
    page = anon.get("/trade/").content.decode()
    assert "https://example.org/v1" in page and "https://example.org/v2" not in page
    assert f"release #{flows_old.pk}" in page

    # The secretariat previews the revision.
    staff = personas.secretariat
    assert indicators.target_status(include_unpublished=True)["latest"]["value"] == 6.6e9
    assert {r[-1] for r in queries.headline_table(staff).rows} == {new.pk}
    assert queries.flow_release(staff) == flows_new
    assert "https://example.org/v2" in login(staff).get("/trade/").content.decode()

    services.publish_release(release=new, by=None)
    services.publish_release(release=flows_new, by=None)
    status = indicators.target_status()
    assert status["latest"]["value"] == 6.6e9 and status["latest"]["release_id"] == new.pk
    assert {r[-1] for r in anon.get("/api/trade/tables/headline/").json()["rows"]} == {new.pk}
    assert f"release #{flows_new.pk}" in anon.get("/api/trade/tables/trend/").json()["source"]

    # The old release is kept and compared on the revision's page.
    assert TradeRelease.objects.filter(pk=old.pk, headline_figures__isnull=False).exists()
    assert queries.headline_comparison(old, new) == [
        ("2023 MY–KE T MYR", 5.51e9, 5.51e9),
        ("2024 MY–KE T MYR", 6.0e9, 6.6e9),
    ]
    page = anon.get(f"/trade/releases/{new.pk}/").content.decode()
    assert f"Compared with release #{old.pk}" in page


def test_withdrawing_the_newest_falls_back_to_the_previous_published(write_csv):
    old = services.import_file(
        path=write_csv("a.csv", comtrade_rows()), fmt="comtrade", dataset="x", publish=True
    ).release
    new = services.import_file(
        path=write_csv("b.csv", comtrade_rows(2)), fmt="comtrade", dataset="x", publish=True
    ).release
    assert queries.flow_release(None) == new
    TradeRelease.objects.filter(pk=new.pk).update(is_published=False)
    assert queries.flow_release(None) == old
