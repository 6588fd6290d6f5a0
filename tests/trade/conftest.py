"""Trade fixtures: a temporary VAR dir for the columnar store, and small CSV builders."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

COMTRADE_HEADER = "freqCode,refYear,period,reporterCode,reporterISO,partnerCode,partnerISO,flowCode,cmdCode,primaryValue,netWgt,qty"


@pytest.fixture(autouse=True)
def trade_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    # Warming the dashboard after each import computes it in every language: the tests of the
    # cache turn it on where they test it.
    settings.TRADE_WARM_DASHBOARD = False
    return settings.VAR_DIR


def comtrade_rows(scale: float = 1.0) -> list[str]:
    """MY→KE and KE→MY 2022–2024 at HS6, exporter- and importer-reported (a mirror pair)."""
    rows = []
    for year, base in ((2022, 1000.0), (2023, 1100.0), (2024, 1250.0)):
        for code, share in (("151190", 0.6), ("270900", 0.25), ("854231", 0.15)):
            v = base * share * scale
            rows.append(f"A,{year},{year},458,MYS,404,KEN,X,{code},{v:.2f},10,5")
            rows.append(f"A,{year},{year},404,KEN,458,MYS,M,{code},{v * 1.08:.2f},10,5")
        for code, share in (("090240", 0.7), ("060311", 0.3)):
            v = base * 0.05 * share * scale
            rows.append(f"A,{year},{year},404,KEN,458,MYS,X,{code},{v:.2f},1,1")
    return rows


@pytest.fixture
def write_csv(tmp_path):
    def _write(name: str, lines: list[str], header: str = COMTRADE_HEADER) -> Path:
        path = tmp_path / name
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return _write
