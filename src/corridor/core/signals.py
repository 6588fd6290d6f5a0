from auditlog.registry import auditlog
from django.apps import apps

auditlog.register(apps.get_model("core", "User"), exclude_fields=["password", "last_login"])
auditlog.register(apps.get_model("core", "RoleAssignment"))
auditlog.register(apps.get_model("core", "Sector"))
auditlog.register(apps.get_model("core", "CurrencyRate"))
auditlog.register(apps.get_model("core", "Country"))
