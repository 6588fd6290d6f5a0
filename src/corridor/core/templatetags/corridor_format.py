"""Numbers a person can read: amounts with their currency, grouped for the viewer's language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

register = template.Library()
LINE_BREAK = re.compile(r"\n[ \t]*")


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


@register.filter(expects_localtime=False)
def zoned(value, fmt: str = "j M Y H:i") -> str:
    """A date and time with the name of its time zone, never an offset such as "+08":
    ``{{ call.closes_at|zoned }}`` → ``5 Dec 2026 17:00 (Asia/Kuala_Lumpur)``. Uses the active
    zone (the viewer's, or the one set with ``{% timezone %}``)."""
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return formats.date_format(value, fmt)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{formats.date_format(local, fmt)} ({timezone.get_current_timezone_name()})"


#: What a red/amber/green status means, in words (the trade target, indicator trajectories).
RAG_LABELS = {
    "green": gettext_lazy("On track"),
    "amber": gettext_lazy("Slightly behind"),
    "red": gettext_lazy("Off track"),
    "no_data": gettext_lazy("No figure after the baseline yet"),
}


@register.filter
def rag_label(status) -> str:
    """``"red"`` → "Off track" in the viewer's language (unknown → "No figure … yet")."""
    return str(RAG_LABELS.get(str(status or ""), RAG_LABELS["no_data"]))


class JoinLinesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context)


@register.tag
def joinlines(parser, token):
    """``{% joinlines %}…{% endjoinlines %}``: template text broken over lines for reading,
    rendered as one run: each line break in the template's own text, with the indentation after
    it, becomes nothing (spaces written inside the lines stay; values are left as they are). For
    inline runs whose parts must touch, such as an item and the ``;`` after it."""
    nodelist = parser.parse(("endjoinlines",))
    parser.delete_first_token()
    for node in nodelist.get_nodes_by_type(template.base.TextNode):
        node.s = LINE_BREAK.sub("", node.s)
    return JoinLinesNode(nodelist)


@register.filter
def percent(value, places: int = 1) -> str:
    """A fraction as a percentage in the viewer's language: ``0.0914`` → ``9.1%``."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)) * 100
    except (InvalidOperation, ValueError):
        return str(value)
    return formats.number_format(number, int(places), use_l10n=True) + "%"
