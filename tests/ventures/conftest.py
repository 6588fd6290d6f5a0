import datetime as dt
from decimal import Decimal

import pytest

from corridor.core.models import Currency, CurrencyRate, Sector
from corridor.ventures import services
from corridor.ventures.enums import PartyRole

START = dt.date(2025, 3, 3)


@pytest.fixture
def rates(db):
    """Dated rates (units per USD) for the two partner currencies."""
    for code, rows in {
        "MYR": [(dt.date(2025, 1, 1), "4.50"), (dt.date(2025, 7, 1), "4.25")],
        "KES": [(dt.date(2025, 1, 1), "130"), (dt.date(2025, 7, 1), "129")],
        "EUR": [(dt.date(2025, 1, 1), "0.9")],
    }.items():
        for day, rate in rows:
            CurrencyRate.objects.create(currency_id=code, date=day, units_per_usd=Decimal(rate))


@pytest.fixture
def fintech(db):
    return Sector.objects.get(slug="fintech")


@pytest.fixture
def make_venture(personas, fintech):
    def make(*, by=None, stage="idea", confidential=False, title="Alpha–Beta payments corridor", **extra):
        return services.create_venture(
            by=by or personas.alice,
            title=title,
            sector=fintech,
            parties=[(personas.org_a, PartyRole.LEAD), (personas.org_b, PartyRole.PARTNER)],
            started_on=START,
            stage=stage,
            is_confidential=confidential,
            **extra,
        )

    return make


@pytest.fixture
def myr(db):
    return Currency.objects.get(code="MYR")


@pytest.fixture
def kes(db):
    return Currency.objects.get(code="KES")
