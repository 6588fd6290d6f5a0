"""Every write of messaging: keyword-only, actor ``by``, permission checked, one transaction.
Mail goes out on commit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.enums import Role
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.orgs.enums import MemberRole
from corridor.orgs.models import Membership

from . import access, origins
from .enums import EmailMode, ReportStatus
from .models import Conversation, Message, Party, Preference, ReadMark, Report

MAX_BODY = 5000


def rate_limit() -> tuple[int, int]:
    """At most ``count`` messages per ``seconds`` from one person (pages and API alike)."""
    return (
        int(getattr(settings, "MESSAGING_RATE_COUNT", 30)),
        int(getattr(settings, "MESSAGING_RATE_SECONDS", 600)),
    )


def retention_months() -> int:
    return int(getattr(settings, "MESSAGING_RETENTION_MONTHS", 24))


def _check_rate(user) -> None:
    count, seconds = rate_limit()
    key = f"messaging:sent:{user.pk}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    if used > count:
        raise invalid(
            "body",
            _("You can send at most %(count)d messages every %(minutes)d minutes. Try again later.")
            % {"count": count, "minutes": max(1, seconds // 60)},
            code="rate_limited",
        )


def _clean_body(body) -> str:
    body = (body or "").strip() if isinstance(body, str) else ""
    if not body:
        raise invalid("body", _("Write a message."), code="required")
    if len(body) > MAX_BODY:
        raise invalid("body", _("At most %(n)d characters.") % {"n": MAX_BODY}, code="too_long")
    return body


def _key(*, organisation=None, user=None) -> str:
    return f"o{organisation.pk}" if organisation is not None else f"u{user.pk}"


def pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def _recipients(party: Party, *, exclude_user_id):
    if party.user_id:
        users = [party.user] if party.user_id != exclude_user_id else []
    else:
        users = [
            m.user
            for m in Membership.objects.filter(
                organisation_id=party.organisation_id, role__in=(MemberRole.OWNER, MemberRole.ADMIN)
            ).select_related("user")
            if m.user_id != exclude_user_id
        ]
    return [u for u in users if u.is_active]


def _email_each(message: Message, to_party: Party) -> None:
    """E-mail everyone on the receiving side who wants an e-mail per message."""
    users = _recipients(to_party, exclude_user_id=message.author_id)
    modes = dict(Preference.objects.filter(user__in=users).values_list("user_id", "email_mode"))
    url = settings.SITE_URL.rstrip("/") + message.conversation.get_absolute_url()
    sender = message.sender_party.name
    for user in users:
        if modes.get(user.pk, EmailMode.EACH) != EmailMode.EACH or not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("New message from %(name)s") % {"name": sender}
            body = render_to_string(
                "messaging/email_message.txt",
                {"sender": sender, "message": message, "url": url, "prefs_url": _prefs_url()},
            )
        transaction.on_commit(lambda s=subject, b=body, e=user.email: send_mail(s, b, None, [e]))


def _prefs_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("messaging:preferences")


def _post(*, conversation: Conversation, party: Party, by, body: str, origin: str, label: str) -> Message:
    message = Message.objects.create(
        conversation=conversation, sender_party=party, author=by, body=body, origin=origin, origin_label=label
    )
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at", "updated_at"])
    ReadMark.objects.update_or_create(
        conversation=conversation, user=by, defaults={"last_read_id": message.pk}
    )
    _email_each(message, access.other_party(conversation, party))
    return message


def _require_open(conversation: Conversation, party: Party) -> None:
    blocker = access.blocked(conversation)
    if blocker is None:
        return
    if blocker.pk == party.pk:
        raise invalid(
            None, _("You blocked this conversation. Unblock it to write again."), code="blocked_by_you"
        )
    raise invalid(None, _("The other side has closed this conversation."), code="blocked")


def start_conversation(
    *, by, to: str = "", about: str = "", about_id=None, event: str = "", sender: str = "", body: str
) -> Message:
    """Write to an organisation or a person, from a profile, a suggestion, a meeting request, a
    job or an event. Continues the thread if the two sides already have one (a block still
    holds). Returns the message sent."""
    access.require_authenticated(by)
    target = origins.resolve(by, to=to, about=about, about_id=about_id, event=event, sender=sender)
    sender_org = origins.sender_organisation(by, sender or target.default_sender)
    body = _clean_body(body)
    mine = _key(organisation=sender_org, user=by)
    theirs = _key(organisation=target.organisation, user=target.user)
    key = pair_key(mine, theirs)
    _check_rate(by)
    with transaction.atomic(), acting_as(by):
        conversation = Conversation.objects.select_for_update().filter(pair_key=key).first()
        if conversation is None:
            try:
                with transaction.atomic():
                    conversation = Conversation.objects.create(
                        pair_key=key,
                        event=target.event,
                        origin=target.origin,
                        origin_label=target.label,
                        started_by=by,
                    )
            except IntegrityError:
                conversation = Conversation.objects.get(pair_key=key)
            else:
                Party.objects.create(
                    conversation=conversation, organisation=sender_org, user=None if sender_org else by
                )
                Party.objects.create(
                    conversation=conversation, organisation=target.organisation, user=target.user
                )
        conversation = Conversation.objects.prefetch_related("parties__organisation", "parties__user").get(
            pk=conversation.pk
        )
        party = next(
            p for p in conversation.parties.all() if _key(organisation=p.organisation, user=p.user) == mine
        )
        _require_open(conversation, party)
        return _post(
            conversation=conversation, party=party, by=by, body=body, origin=target.origin, label=target.label
        )


def send_message(*, conversation: Conversation, by, body: str) -> Message:
    """Reply in a conversation the user takes part in (``NotFound`` otherwise)."""
    conversation, party = access.get_conversation(by, conversation.pk)
    body = _clean_body(body)
    _require_open(conversation, party)
    _check_rate(by)
    with transaction.atomic(), acting_as(by):
        return _post(conversation=conversation, party=party, by=by, body=body, origin="", label="")


def mark_read(*, conversation: Conversation, by, upto: int | None = None) -> int:
    """Mark the conversation read for ``by`` up to message ``upto`` (default: the latest).
    Read marks never move back. Returns the id read up to."""
    conversation, _party = access.get_conversation(by, conversation.pk)
    latest = Message.objects.filter(conversation=conversation).aggregate(m=Max("id"))["m"] or 0
    if upto is not None:
        try:
            upto = int(upto)
        except (TypeError, ValueError):
            raise invalid("upto", _("Give a message id."), code="invalid") from None
        if upto < 0:
            raise invalid("upto", _("Give a message id."), code="invalid")
    target = latest if upto is None else min(upto, latest)
    with transaction.atomic():
        mark, _created = ReadMark.objects.select_for_update().get_or_create(
            conversation=conversation, user=by, defaults={"last_read_id": target}
        )
        if mark.last_read_id < target:
            mark.last_read_id = target
            mark.save(update_fields=["last_read_id"])
    return mark.last_read_id


def set_blocked(*, conversation: Conversation, by, on: bool = True) -> Party:
    """Block (or unblock) the other side: while blocked nobody writes in the conversation and
    the blocked side cannot open a new one. Only the side that blocked can unblock."""
    conversation, party = access.get_conversation(by, conversation.pk)
    blocker = access.blocked(conversation)
    if on and blocker is not None and blocker.pk != party.pk:
        raise invalid(None, _("The other side has already closed this conversation."), code="blocked")
    if not on and blocker is not None and blocker.pk != party.pk:
        raise invalid(None, _("Only the side that blocked can unblock."), code="not_blocker")
    with transaction.atomic(), acting_as(by):
        party.blocked_at = (party.blocked_at or timezone.now()) if on else None
        party.save(update_fields=["blocked_at", "updated_at"])
    return party


def report(*, conversation: Conversation, by, reason: str, message_id=None) -> Report:
    """Report the other side to the secretariat, quoting one of their messages (their latest
    when none is named). The secretariat sees the quote and the reason, not the thread."""
    conversation, party = access.get_conversation(by, conversation.pk)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise invalid("reason", _("Say why you report this conversation."), code="required")
    if len(reason) > 500:
        raise invalid("reason", _("At most %(n)d characters.") % {"n": 500}, code="too_long")
    theirs = Message.objects.filter(conversation=conversation).exclude(sender_party=party)
    if message_id not in (None, ""):
        pk = access.as_id(message_id)
        message = theirs.filter(pk=pk).first() if pk is not None else None
        if message is None:
            raise invalid("message", _("Choose a message the other side sent."), code="invalid_message")
    else:
        message = theirs.order_by("-id").first()
    other = access.other_party(conversation, party)
    if Report.objects.filter(conversation=conversation, reporter=by, status=ReportStatus.OPEN).exists():
        raise invalid("reason", _("You have already reported this conversation."), code="already_reported")
    with transaction.atomic(), acting_as(by):
        item = Report.objects.create(
            conversation=conversation,
            message=message,
            quoted=message.body if message else "",
            reported_party_name=other.name[:200],
            reporter=by,
            reason=reason,
        )
        for staff in get_user_model().objects.filter(is_active=True, roles__role=Role.SECRETARIAT).distinct():
            notify(
                user=staff,
                text=lambda: _("A conversation was reported to the secretariat."),
                url=reverse("messaging:reports"),
                email=False,
            )
    return item


def resolve_report(*, report: Report, by, resolution: str) -> Report:
    access.require_secretariat(by)
    resolution = (resolution or "").strip() if isinstance(resolution, str) else ""
    if not resolution:
        raise invalid("resolution", _("Say what was done."), code="required")
    if len(resolution) > 500:
        raise invalid("resolution", _("At most %(n)d characters.") % {"n": 500}, code="too_long")
    if report.status == ReportStatus.RESOLVED:
        raise invalid(None, _("This report is already resolved."), code="already_resolved")
    with transaction.atomic(), acting_as(by):
        report.status = ReportStatus.RESOLVED
        report.resolved_by = by
        report.resolution = resolution
        report.save(update_fields=["status", "resolved_by", "resolution", "updated_at"])
    return report


def set_email_mode(*, by, email_mode: str) -> Preference:
    access.require_authenticated(by)
    if email_mode not in EmailMode.values:
        raise invalid(
            "email_mode", _("Choose every message, a daily digest or no e-mail."), code="invalid_choice"
        )
    with transaction.atomic():
        pref, _created = Preference.objects.get_or_create(user=by)
        if pref.email_mode != email_mode:
            if email_mode == EmailMode.DAILY:
                # The first digest covers what arrives from now on, not the whole history.
                pref.digest_upto_id = Message.objects.aggregate(m=Max("id"))["m"] or 0
            pref.email_mode = email_mode
            pref.save(update_fields=["email_mode", "digest_upto_id", "updated_at"])
    return pref


def send_message_digests() -> int:
    """Send each daily-digest reader one e-mail listing their unread messages received since
    the last digest. Returns the number of e-mails sent. Safe to run more than once a day: a
    message appears in one digest only."""
    from . import queries

    sent = 0
    for pref in Preference.objects.filter(email_mode=EmailMode.DAILY).select_related("user"):
        user = pref.user
        if not user.is_active or not user.email:
            continue
        fresh = list(
            queries.unread_messages(user)
            .filter(pk__gt=pref.digest_upto_id)
            .select_related("sender_party__organisation", "sender_party__user")
            .order_by("conversation_id", "id")
        )
        if not fresh:
            continue
        threads: dict[int, dict] = {}
        for message in fresh:
            entry = threads.setdefault(
                message.conversation_id,
                {"sender": message.sender_party.name, "count": 0, "last": "", "url": ""},
            )
            entry["count"] += 1
            entry["last"] = message.body[:200]
            entry["url"] = settings.SITE_URL.rstrip("/") + reverse(
                "messaging:thread", args=[message.conversation_id]
            )
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("Your unread messages on Corridor")
            body = render_to_string(
                "messaging/email_digest.txt",
                {
                    "threads": list(threads.values()),
                    "total": len(fresh),
                    "prefs_url": _prefs_url(),
                    "user": user,
                },
            )
        with transaction.atomic():
            Preference.objects.filter(pk=pref.pk).update(digest_upto_id=max(m.pk for m in fresh))
            transaction.on_commit(lambda s=subject, b=body, e=user.email: send_mail(s, b, None, [e]))
        sent += 1
    return sent


def months_before(now: dt.datetime, months: int) -> dt.datetime:
    """``now`` moved back by whole calendar months (day clipped to the month's length)."""
    import calendar

    year, month = divmod(now.year * 12 + (now.month - 1) - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def purge_old_messages(*, months: int | None = None, now=None) -> dict:
    """Delete messages older than the retention period, conversations left empty, and resolved
    reports older than it. Returns the counts deleted."""
    months = retention_months() if months is None else int(months)
    if months < 1:
        raise invalid("months", _("Keep messages for at least one month."), code="out_of_range")
    cutoff = months_before(now or timezone.now(), months)
    with transaction.atomic():
        _total, detail = Message.objects.filter(created_at__lt=cutoff).delete()
        messages = detail.get("messaging.Message", 0)
        empty = Conversation.objects.filter(messages__isnull=True, created_at__lt=cutoff)
        conversations = empty.count()
        empty.delete()
        _total, detail = Report.objects.filter(status=ReportStatus.RESOLVED, created_at__lt=cutoff).delete()
    reports = detail.get("messaging.Report", 0)
    return {"messages": messages, "conversations": conversations, "reports": reports, "cutoff": cutoff}
