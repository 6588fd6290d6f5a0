"""The currency table reads each (currency, year) rate with one query (it used to take two: the
rate through ``rate_on``, then its date), and still gives ``rate_on``'s rate and that rate's date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.core.models import CurrencyRate
from corridor.core.services import rate_on
from corridor.trade import queries, services
from corridor.trade.models import TradeRelease

from .conftest import comtrade_rows


@pytest.mark.django_db
def test_currency_table_reads_one_rate_row_per_currency_and_year(write_csv):
    services.import_file(
        path=write_csv("pair.csv", comtrade_rows()), fmt="comtrade", dataset="p", publish=True
    )
    release = TradeRelease.objects.order_by("-pk").first()
    CurrencyRate.objects.filter(currency_id__in=["MYR", "KES"]).delete()
    CurrencyRate.objects.create(currency_id="MYR", date=dt.date(2023, 12, 31), units_per_usd=Decimal("4.56"))
    CurrencyRate.objects.create(currency_id="KES", date=dt.date(2024, 6, 30), units_per_usd=Decimal("140"))
    trend = queries.trend_table(release)
    years = {row[0] for row in trend.rows}

    with CaptureQueriesContext(connection) as ctx:
        table = queries.currency_table(release, trend)

    rate_reads = [q for q in ctx.captured_queries if "core_currencyrate" in q["sql"]]
    assert len(rate_reads) == 2 * len(years)  # MYR and KES, once per year
    assert len(ctx.captured_queries) == 1 + 2 * len(years)  # plus the partners' currencies
    rows = {(r[0], r[3]): r for r in table.rows}
    assert rows[(2024, "MYR")][4] == float(rate_on("MYR", dt.date(2024, 12, 31)))
    assert rows[(2024, "MYR")][5] == "2023-12-31"
    assert rows[(2024, "KES")][5] == "2024-06-30" and rows[(2024, "KES")][4] == 140.0
    assert rows[(2022, "MYR")][4] is None and rows[(2022, "MYR")][5] is None
