"""Converting many amounts to USD with the secretariat's dated rates in one query.

``RateBook`` gives exactly what ``corridor.core.services.to_usd`` gives (the latest rate dated on
or before the day; ``None`` when there is none) but loads the rates once, so list pages and
indicators do not run one query per amount.
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal

from corridor.core.models import CurrencyRate


class RateBook:
    def __init__(self, currencies=None):
        qs = CurrencyRate.objects.order_by("currency_id", "date")
        if currencies is not None:
            qs = qs.filter(currency_id__in=set(currencies))
        self._dates: dict[str, list[dt.date]] = {}
        self._rates: dict[str, list[Decimal]] = {}
        for currency, day, rate in qs.values_list("currency_id", "date", "units_per_usd"):
            self._dates.setdefault(currency, []).append(day)
            self._rates.setdefault(currency, []).append(rate)

    def rate_on(self, currency: str, on: dt.date) -> Decimal | None:
        if currency == "USD":
            return Decimal(1)
        dates = self._dates.get(currency)
        if not dates:
            return None
        i = bisect.bisect_right(dates, on)
        return self._rates[currency][i - 1] if i else None

    def to_usd(self, amount, currency: str | None, on: dt.date | None) -> Decimal | None:
        if amount is None or currency is None or on is None:
            return None
        rate = self.rate_on(currency, on)
        return None if rate is None else Decimal(amount) / rate


def pledge_totals(pledge, book: RateBook) -> dict:
    """Pledged and disbursed, in the pledge's currency and in USD (the pledge at its announcement
    date's rate, each disbursement at its own date's rate). ``None`` USD when a rate is missing."""
    disbursements = list(pledge.disbursements.all())
    disbursed = sum((d.amount for d in disbursements), Decimal(0))
    pledged_usd = book.to_usd(pledge.amount, pledge.currency_id, pledge.announced_on)
    parts = [book.to_usd(d.amount, pledge.currency_id, d.disbursed_on) for d in disbursements]
    disbursed_usd = None if any(p is None for p in parts) else sum(parts, Decimal(0))
    share = (disbursed / pledge.amount * 100) if pledge.amount else None
    return {
        "pledged": pledge.amount,
        "disbursed": disbursed,
        "remaining": pledge.amount - disbursed,
        "currency": pledge.currency_id,
        "pledged_usd": pledged_usd,
        "disbursed_usd": disbursed_usd,
        "share_disbursed": share,
    }
