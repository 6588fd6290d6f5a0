from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The front door: the home page, the signed-in dashboard and the demo data set.

    It reads the feature modules (organisations, recommendations) so that ``core`` need not:
    ``core`` imports no feature module, and no feature module imports the portal."""

    name = "corridor.portal"
    label = "portal"
    verbose_name = _("Portal")
