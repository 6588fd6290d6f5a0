from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "corridor.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import checks, signals  # noqa: F401
        from .pagecache import register_hole, watch_connection

        connection_created.connect(watch_connection, dispatch_uid="corridor-pagecache-watch")
        register_hole("unread-notifications", compute=_unread_notifications, render=_notifications_link)


def _unread_notifications(user) -> int:
    from .notifications import unread_count

    return unread_count(user)


def _notifications_link(n) -> str:
    from django.template.loader import render_to_string

    return render_to_string("core/_nav_notifications.html", {"n": n})
