from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "corridor.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import checks, signals  # noqa: F401
        from .pagecache import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="corridor-pagecache-watch")
