from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from corridor.core import views as core_views
from corridor.core.forms import EmailAuthenticationForm
from corridor.core.media import media_prefix
from corridor.portal import views as portal_views
from corridor.talent import views as talent_views

admin.site.site_header = _("Corridor administration")
admin.site.site_title = _("Corridor")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(".well-known/corridor-issuer.json", talent_views.issuer_document, name="corridor_issuer"),
    path("dashboard/", portal_views.dashboard, name="dashboard"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("account/signup/", core_views.signup, name="signup"),
    path("account/verify/<str:token>/", core_views.verify_email, name="verify_email"),
    path("account/verify-resend/", core_views.resend_verification, name="resend_verification"),
    path("account/preferences/", core_views.preferences, name="preferences"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path("account/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("organisations/", include("corridor.orgs.urls")),
    path("council/", include("corridor.council.urls")),
    path("grants/", include("corridor.grants.urls")),
    path("exchange/", include("corridor.exchange.urls")),
    path("events/", include("corridor.matchmaking.urls")),
    path("trade/", include("corridor.trade.urls")),
    path("standards/", include("corridor.standards.urls")),
    path("data/", include("corridor.datahub.urls")),
    path("talent/", include("corridor.talent.urls")),
    path("ventures/", include("corridor.ventures.urls")),
    path("news/", include("corridor.news.urls")),
    path("messages/", include("corridor.messaging.urls")),
    path("api/", include("corridor.api.urls")),
    path("admin/", admin.site.urls),
]
# User media through our own view (nosniff, sandbox CSP, attachments): see core.media. With
# CORRIDOR_MEDIA_URL on another origin, that origin serves the same path.
if media_prefix():
    urlpatterns += [path(f"{media_prefix()}/<path:path>", core_views.media, name="media")]

# Outside the views: JSON under /api/, the usual pages elsewhere (core.error_views).
handler400 = "corridor.core.error_views.bad_request"
handler403 = "corridor.core.error_views.permission_denied"
handler404 = "corridor.core.error_views.page_not_found"
handler500 = "corridor.core.error_views.server_error"

# The right of erasure (core.erasure).
urlpatterns += [path("account/erase/", core_views.erase_account, name="erase_account")]
