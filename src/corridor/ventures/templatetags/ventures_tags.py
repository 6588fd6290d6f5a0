"""Blocks other modules' pages include with one line: the "open a venture" offer on a meeting
outcome page, the innovation context in a council review."""

from django import template
from django.urls import reverse

from .. import access
from ..enums import OriginKind
from ..models import Venture
from ..origins import origin_org_ids
from ..queries import acting_organisations, preferred_context_figures, venture_from

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


#: Records that may start a venture: an award (not a declined proposal), a placement taken up.
ORIGIN_READY = {
    OriginKind.GRANT: lambda d: d.outcome == "award",
    OriginKind.PLACEMENT: lambda p: p.status in ("accepted", "arrived", "completed"),
    OriginKind.RECOMMENDATION: lambda r: True,
}


@register.inclusion_tag("ventures/_open_from_origin.html", takes_context=True)
def venture_from_origin(context, kind, record):
    """ "Open a joint venture" on a grant award, exchange placement or partner recommendation,
    for someone who may see the record and acts for one of its organisations; the venture
    itself once opened (if they may see it)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    ready = ORIGIN_READY.get(kind)
    if record is None or ready is None or not ready(record) or not access.can_see_origin(user, kind, record):
        return {"show": False}
    existing = venture_from(kind, record)
    if existing is not None and access.can_view_venture(user, existing):
        return {"show": True, "existing": existing}
    acting = acting_organisations(user).filter(pk__in=origin_org_ids(kind, record))
    if not acting.exists():
        return {"show": False}
    url = f"{reverse('ventures:venture_new')}?origin={kind}&id={record.pk}"
    return {"show": True, "url": url, "kind": kind}
