"""Numbers a person can read: amounts with their currency, grouped for the viewer's language."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """``3000`` and ``"USD"`` → ``3,000 USD``; ``1234.5`` → ``1,234.50`` (grouped as the language does)."""
    if amount in (None, ""):
        return ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    places = 0 if value == value.to_integral_value() else 2
    text = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()
