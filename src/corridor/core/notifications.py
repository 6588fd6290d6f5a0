"""Notify people in the app and by e-mail. Modules call ``notify``; mail goes out on commit.

A notification is written in its recipient's language, not in the language of whoever caused
it: pass ``text`` (and ``subject``) as a callable, ``lambda: _("…") % {…}``, and ``notify``
calls it with the recipient's language active. A plain string is used as it is.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification


def language_of(user) -> str:
    """The language ``user`` reads: their saved choice, else the site's default."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def in_language_of(user, text):
    """``text`` rendered for ``user``: a callable is called with their language active."""
    if not callable(text):
        return text
    with translation.override(language_of(user)):
        return str(text())


def notify(*, user, text, url: str = "", subject=None, email: bool = True) -> Notification:
    """Create an in-app notification for ``user`` and, if ``email``, send it by e-mail on commit.

    ``text`` and ``subject`` are strings or callables returning one (rendered in the
    recipient's language, see the module's docstring)."""
    text = in_language_of(user, text)
    subject = in_language_of(user, subject)
    note = Notification.objects.create(user=user, text=text[:300], url=url)
    if email and user.email:
        link = settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
        body = f"{text}\n\n{link}\n" if link else f"{text}\n"
        transaction.on_commit(lambda: send_mail(subject or text[:90], body, None, [user.email]))
    return note


def notifications_of(user):
    """``user``'s notifications, newest first (the model's ordering)."""
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
