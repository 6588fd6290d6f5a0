"""Every read of the messaging pages, API and nav."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from . import access
from .enums import ReportStatus
from .models import Conversation, Message, Party, Preference, ReadMark, Report


def _read_upto(user, conversation_ref):
    return Coalesce(
        Subquery(
            # no ordering: there is one mark per (conversation, user), and the model's default
            # ordering would join the conversation and the user into every correlated look-up
            ReadMark.objects.filter(conversation=conversation_ref, user=user)
            .order_by()
            .values("last_read_id")[:1]
        ),
        Value(0),
    )


def unread_messages(user):
    """Messages from the other side that ``user`` has not read, across all conversations (the
    participant rule and the read marks are subqueries, so counting them is one query)."""
    if not access.is_authenticated(user):
        return Message.objects.none()
    mine = access.my_parties(user).values("pk")
    return (
        Message.objects.filter(conversation__parties__in=mine)
        .exclude(sender_party__in=mine)
        .annotate(read_upto=_read_upto(user, OuterRef("conversation")))
        .filter(pk__gt=F("read_upto"))
    )


def unread_total(user) -> int:
    if not access.is_authenticated(user):
        return 0
    return unread_messages(user).count()


def inbox(user):
    """The user's conversations, newest first, each with ``unread`` and ``last_body``."""
    if not access.is_authenticated(user):
        return Conversation.objects.none()
    mine = access.my_parties(user).values("pk")
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"))
        .exclude(sender_party__in=mine)
        .annotate(read_upto=_read_upto(user, OuterRef(OuterRef("pk"))))
        .filter(pk__gt=F("read_upto"))
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Message.objects.filter(conversation=OuterRef("pk")).order_by("-id")
    return (
        Conversation.objects.filter(parties__in=mine)
        .annotate(
            unread=Coalesce(Subquery(unread[:1]), Value(0)),
            last_body=Subquery(last.values("body")[:1]),
        )
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation__country", "user"))
        )
        .select_related("event")
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


def messages_of(conversation: Conversation):
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("author", "sender_party__organisation", "sender_party__user")
        .order_by("id")
    )


def read_upto(user, conversation: Conversation) -> int:
    mark = ReadMark.objects.filter(conversation=conversation, user=user).first()
    return mark.last_read_id if mark else 0


def existing_conversation(pair_key: str) -> Conversation | None:
    return Conversation.objects.filter(pair_key=pair_key).first()


def reports(user, *, status: str = ReportStatus.OPEN):
    access.require_secretariat(user)
    qs = Report.objects.select_related("reporter", "resolved_by", "conversation")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "id") if status == ReportStatus.OPEN else qs


def get_report(user, pk) -> Report:
    access.require_secretariat(user)
    pk = access.as_id(pk)
    report = Report.objects.filter(pk=pk).first() if pk is not None else None
    if report is None:
        raise access.NotFound
    return report


def preference_of(user) -> Preference | None:
    """``user``'s messaging e-mail preference, if they ever saved one."""
    return Preference.objects.filter(user=user).first()


def inbox_row(user, pk):
    """One conversation of ``user``'s inbox with ``unread`` and ``last_body``, or None."""
    return inbox(user).filter(pk=pk).first()
