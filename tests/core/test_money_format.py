"""Amounts are shown with grouping and their currency; codes are shown by their labels."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from corridor.core.templatetags.corridor_format import money
from corridor.exchange.models import Cohort, HostPlace


def test_money_groups_and_keeps_the_currency():
    assert money(Decimal("3000.00"), "USD") == "3,000 USD"
    assert money(Decimal("1234.5"), "MYR") == "1,234.50 MYR"
    assert money(None, "USD") == ""
    out = Template("{% load corridor_format %}{{ v|money:'KES' }}").render(Context({"v": Decimal("2500000")}))
    assert out == "2,500,000 KES"


def test_money_follows_the_language():
    with translation.override("de"):  # a language that groups with dots
        assert money(Decimal("3000.5"), "USD") == "3.000,50 USD"


def test_codes_are_shown_by_their_labels():
    cohort = Cohort(eligible_stages=["pre_seed", "seed"])
    assert cohort.eligible_stage_labels[0] != "pre_seed" and "_" not in "".join(cohort.eligible_stage_labels)
    host = HostPlace(offers=["market_access"])
    assert host.offer_labels != ["market_access"] and "_" not in host.offer_labels[0]
