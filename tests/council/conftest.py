import datetime as dt
from decimal import Decimal

import pytest

from corridor.council.models import Indicator


@pytest.fixture
def reported(db):
    return Indicator.objects.create(
        code="SX-01",
        name="Startups exchanged",
        unit="startups",
        pillar="startup_exchange",
        source="reported",
        by_country=True,
        definition="Startups hosted.",
        baseline_value=Decimal(0),
        baseline_date=dt.date(2025, 5, 14),
        target_value=Decimal(40),
        target_date=dt.date(2028, 5, 14),
    )


@pytest.fixture
def automatic(db):
    return Indicator.objects.create(
        code="ORG-01",
        name="Organisations",
        unit="organisations",
        pillar="trade",
        source="automatic",
        provider_code="orgs.registered",
        by_country=True,
        definition="Published real organisations.",
        baseline_value=Decimal(0),
        baseline_date=dt.date(2025, 5, 14),
        target_value=Decimal(10),
        target_date=dt.date(2028, 5, 14),
    )
