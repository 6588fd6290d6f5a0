from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "corridor.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Message bodies are private correspondence and stay out of the audit trail; who blocked,
        # who reported and how the secretariat handled a report are recorded.
        auditlog.register(models.Party, include_fields=["blocked_at"])
        auditlog.register(models.Report)

        from corridor.core.pagecache import register_hole

        register_hole("unread-messages", compute=_unread_messages, render=_messages_link)


def _unread_messages(user) -> int:
    from .queries import unread_total

    return unread_total(user)


def _messages_link(n) -> str:
    from django.template.loader import render_to_string

    return render_to_string("messaging/_nav_messages.html", {"n": n})
