"""Pages of the talent module."""

from django.urls import path  # noqa: F401

app_name = "talent"
urlpatterns: list = []
