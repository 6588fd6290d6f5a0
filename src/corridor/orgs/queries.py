"""Read queries for organisations and postings, with their joins built in."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from . import access
from .enums import OrgStatus, PostingStatus
from .models import Membership, Organisation, Posting


def current_postings(today=None):
    return Posting.objects.current(today).filter(organisation__status=OrgStatus.PUBLISHED)


def directory(
    *,
    user=None,
    country: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    posting_type: str | None = None,
):
    """Organisations visible to ``user`` with filters; each carries its current postings prefetched."""
    today = timezone.localdate()
    qs = Organisation.objects.visible_to(user)
    if country:
        qs = qs.filter(country_id=country.upper())
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(Q(sectors__slug=sector) | Q(sectors__parent__slug=sector))
    if q:
        matching = Posting.objects.current(today).filter(title__icontains=q).values("organisation_id")
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(pk__in=matching))
    if posting_type:
        qs = qs.filter(postings__in=Posting.objects.current(today).filter(type=posting_type))
    if sector or posting_type:  # the only joins that can repeat an organisation
        qs = qs.distinct()
    return (
        qs.select_related("country")
        .prefetch_related(
            "sectors",
            Prefetch(
                "postings",
                queryset=Posting.objects.current(today).select_related("sector"),
                to_attr="current_postings",
            ),
        )
        .order_by("name", "pk")
    )


def postings_for_profile(*, organisation: Organisation, user):
    """Postings shown on a profile: current published ones for everyone; drafts, withdrawn and
    expired ones too for members and the secretariat."""
    qs = Posting.objects.filter(organisation=organisation).select_related("sector", "target_country")
    if access.can_see_drafts(user, organisation):
        return qs
    return qs.filter(pk__in=Posting.objects.current()).filter(status=PostingStatus.PUBLISHED)


def postings_visible_to(user):
    """Postings a user may list: current published ones of published organisations, plus
    everything of organisations the user belongs to (everything for the secretariat)."""
    base = Posting.objects.select_related("organisation", "organisation__country", "sector", "target_country")
    if access.is_secretariat(user):
        return base
    visible = Q(pk__in=current_postings().values("pk"))
    if getattr(user, "is_authenticated", False):
        # subqueries, not a join through memberships: no duplicate rows, so no DISTINCT over
        # every column (which sorted the whole table, descriptions included, for each page)
        visible |= Q(organisation__in=Membership.objects.filter(user=user).values("organisation_id"))
    return base.filter(visible)


def membership_in(organisation: Organisation, pk: int) -> Membership | None:
    """The membership ``pk`` of ``organisation``, or None (another organisation's is None too)."""
    return Membership.objects.filter(organisation=organisation, pk=pk).select_related("organisation").first()


def members_of(organisation: Organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__email")
    )


def pending_invitations(organisation: Organisation):
    """Invitations to ``organisation`` not yet accepted, newest first, with who sent them."""
    return organisation.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def acting_organisations(user, *, partner_countries_only: bool = False, kind: str | None = None):
    """Organisations ``user`` may act for (owner or admin), by name; all of them for the
    secretariat. The one answer to "whom can this person publish, post or pledge for?".
    ``kind``: only organisations of that kind."""
    from django.conf import settings

    qs = Organisation.objects.order_by("name")
    if kind is not None:
        qs = qs.filter(kind=kind)
    if partner_countries_only:
        qs = qs.filter(country_id__in=settings.PARTNER_COUNTRIES)
    if access.is_secretariat(user):
        return qs
    return qs.filter(pk__in=access.acting_organisation_ids(user))


def organisation_by_slug(slug: str) -> Organisation:
    """An organisation by slug, or "not found" (callers check who may act for it)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise access.NotFound
    return organisation


def no_organisations():
    return Organisation.objects.none()


def visible_organisations(user):
    """Organisations ``user`` may see, with country and sectors, by name (the API's list)."""
    return (
        Organisation.objects.visible_to(user)
        .select_related("country")
        .prefetch_related("sectors")
        .order_by("name", "pk")
    )


def member_organisations(user):
    """Organisations ``user`` belongs to in any role, by name."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def organisations_of(user):
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(memberships__user=user)
        .select_related("country")
        .annotate(n_postings=Count("postings", distinct=True))
        .order_by("name")
    )
