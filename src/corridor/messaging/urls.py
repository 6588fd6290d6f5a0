"""Pages of messaging."""

from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.start, name="start"),
    path("preferences/", views.preferences, name="preferences"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/resolve/", views.resolve_report, name="resolve_report"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/report/", views.report, name="report"),
]
