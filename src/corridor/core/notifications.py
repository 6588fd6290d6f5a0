"""Notify people in the app and by e-mail. Modules call ``notify``; mail goes out on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, user, text: str, url: str = "", subject: str | None = None, email: bool = True) -> Notification:
    """Create an in-app notification for ``user`` and, if ``email``, send it by e-mail on commit."""
    note = Notification.objects.create(user=user, text=text[:300], url=url)
    if email and user.email:
        link = settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
        body = f"{text}\n\n{link}\n" if link else f"{text}\n"
        transaction.on_commit(lambda: send_mail(subject or text[:90], body, None, [user.email]))
    return note


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
