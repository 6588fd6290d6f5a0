"""Pages of the standards module."""

from django.urls import path  # noqa: F401

app_name = "standards"
urlpatterns: list = []
