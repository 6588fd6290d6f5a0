"""Blocks other modules' pages include with one line: the "open a venture" offer on a meeting
outcome page, the innovation context in a council review."""

from django import template

from ..enums import OriginKind
from ..models import Venture
from ..queries import preferred_context_figures

register = template.Library()

OFFER_KINDS = {"mou", "deal_signed", "jv_proposed"}


@register.inclusion_tag("ventures/_venture_offer.html", takes_context=True)
def venture_offer(context, meeting):
    if meeting is None:
        return {"show": False}
    kinds = {o.kind for o in meeting.outcomes.all()}
    existing = Venture.objects.filter(origin_kind=OriginKind.MEETING, origin_meeting=meeting).first()
    return {"show": bool(kinds & OFFER_KINDS), "meeting": meeting, "existing": existing}


@register.inclusion_tag("ventures/_review_context_block.html")
def context_figures_block():
    return {"figures": list(preferred_context_figures())}
