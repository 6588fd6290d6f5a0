"""Pages of the standards module."""

from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.check, name="check"),
    path("checks/", views.my_checks, name="checks"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/chart.svg", views.statistics_chart, name="statistics_chart"),
    path("domains/<slug:domain>/", views.area, name="area"),
    path("domains/<slug:domain>/edit/", views.area_edit, name="area_edit"),
    path("domains/<slug:domain>/status/", views.area_status, name="area_status"),
    path("domains/<slug:domain>/instruments/new/", views.instrument_edit, name="instrument_add"),
    path("domains/<slug:domain>/instruments/<int:pk>/", views.instrument_edit, name="instrument_edit"),
]
