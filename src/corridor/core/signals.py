from auditlog.registry import auditlog
from django.apps import apps

auditlog.register(apps.get_model("core", "User"), exclude_fields=["password", "last_login"])
auditlog.register(apps.get_model("core", "RoleAssignment"))
auditlog.register(apps.get_model("core", "Sector"))
auditlog.register(apps.get_model("core", "CurrencyRate"))
auditlog.register(apps.get_model("core", "Country"))
auditlog.register(apps.get_model("core", "ApiToken"), exclude_fields=["key_hash"])

from django.db.models.signals import post_save  # noqa: E402

from .tokens import rotate_on_password_change  # noqa: E402

post_save.connect(
    rotate_on_password_change, sender=apps.get_model("core", "User"), dispatch_uid="core-rotate-api-tokens"
)

from django.db.models.signals import pre_save  # noqa: E402

from .text import check_lengths  # noqa: E402

pre_save.connect(check_lengths, dispatch_uid="core-check-text-lengths")
