"""Who reads and writes a conversation.

A conversation is private to its two parties. An organisation party is read and written by the
people who act for that organisation (its owners and admins, as ``orgs.access.can_act_for``); a
person party by that person. Unlike ``can_act_for``, the secretariat gets no override here: it sees
what is reported to it (the quoted message), not the correspondence. Anyone else gets the same
``NotFound`` as for a conversation that does not exist.
"""

from __future__ import annotations

from django.db.models import Q

from corridor.core.access import (  # noqa: F401
    NotFound,
    is_authenticated,
    is_secretariat,
    require_authenticated,
    require_secretariat,
)
from corridor.orgs.access import acting_organisation_ids
from corridor.orgs.enums import MemberRole
from corridor.orgs.models import Membership

from .models import Conversation, Party


def as_id(value) -> int | None:
    """A database id from user input, or None (not digits, or too large for a 64-bit key, which
    the database would refuse with an error instead of "not found")."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def acting_org_subquery(user):
    """Organisations the user acts for, as a subquery (no query of its own)."""
    return Membership.objects.filter(user=user, role__in=(MemberRole.OWNER, MemberRole.ADMIN)).values(
        "organisation_id"
    )


def party_filter(user, prefix: str = "") -> Q:
    """Parties that ``user`` speaks for: themselves, or an organisation they act for."""
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}organisation__in": acting_org_subquery(user)})


def my_parties(user):
    if not is_authenticated(user):
        return Party.objects.none()
    return Party.objects.filter(party_filter(user))


def own_party(user, conversation: Conversation, *, acting_ids: set[int] | None = None) -> Party | None:
    """The side of ``conversation`` that ``user`` speaks for (None: not a participant).
    ``acting_ids`` (from ``acting_organisation_ids``) saves a query per conversation in lists."""
    if not is_authenticated(user):
        return None
    orgs = acting_organisation_ids(user) if acting_ids is None else acting_ids
    for party in conversation.parties.all():
        if party.user_id == user.pk or (party.organisation_id and party.organisation_id in orgs):
            return party
    return None


def other_party(conversation: Conversation, party: Party) -> Party:
    return next(p for p in conversation.parties.all() if p.pk != party.pk)


def get_conversation(user, pk) -> tuple[Conversation, Party]:
    """The conversation and the user's side of it; ``NotFound`` for everyone else."""
    pk = as_id(pk)
    if not is_authenticated(user) or pk is None:
        raise NotFound
    conversation = (
        Conversation.objects.prefetch_related("parties__organisation__country", "parties__user")
        .select_related("event")
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        raise NotFound
    party = own_party(user, conversation)
    if party is None:
        raise NotFound
    return conversation, party


def blocked(conversation: Conversation) -> Party | None:
    """The party that blocked the conversation, if any (nobody writes while it is blocked)."""
    return next((p for p in conversation.parties.all() if p.blocked_at), None)
