"""Personal API tokens: issue, authenticate, list, revoke, rotate.

The key is ``secrets.token_urlsafe(32)``, returned once; the database keeps its SHA-256 (a
leaked table gives no usable key). Tokens expire after ``settings.API_TOKEN_TTL_DAYS`` days and
are all deleted when their owner's password changes or is reset (``rotate_on_password_change``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from . import pagecache
from .access import NotFound
from .audit import acting_as
from .models import ApiToken

#: ``last_used_at`` is written at most this often per token (not on every request)
TOUCH_EVERY = dt.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def ttl() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "API_TOKEN_TTL_DAYS", 30)))


def issue_token(*, by, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``by``; returns ``(token, key)``: the key is never stored nor shown again."""
    if not getattr(by, "is_authenticated", False):
        raise exceptions.NotAuthenticated
    key = secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(by):
        token = ApiToken.objects.create(
            user=by,
            name=(name or "").strip()[:100],
            key_hash=hash_key(key),
            prefix=key[:8],
            expires_at=timezone.now() + ttl(),
        )
    return token, key


def tokens_of(user):
    """The user's live tokens, newest first."""
    return ApiToken.objects.filter(user=user, expires_at__gt=timezone.now())


def revoke_token(*, by, token_id) -> None:
    """Delete one of ``by``'s tokens; anybody else's token answers like a missing one."""
    try:
        token = ApiToken.objects.get(pk=int(token_id), user_id=getattr(by, "pk", None))
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    with transaction.atomic(), acting_as(by):
        token.delete()


def revoke_all(user) -> int:
    return ApiToken.objects.filter(user=user).delete()[0]


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` against ``ApiToken``: unknown, expired or inactive = 401."""

    model = ApiToken

    def authenticate_credentials(self, key):
        now = timezone.now()
        with pagecache.unrecorded():  # a cached answer makes this check again (core.pagecache)
            token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
            if token is None or token.expires_at <= now:
                raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
            if not token.user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
                token.last_used_at = now
        return token.user, token


def rotate_on_password_change(sender, instance, created, **kwargs) -> None:
    """``post_save`` of the user model: ``set_password`` leaves the raw password on ``_password``
    until the save has finished, so a save that carries a new password deletes every token
    (password change, reset, admin and ``changepassword`` alike)."""
    if not created and getattr(instance, "_password", None) is not None:
        revoke_all(instance)
