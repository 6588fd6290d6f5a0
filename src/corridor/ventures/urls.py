"""Pages of the ventures module."""

from django.urls import path  # noqa: F401

app_name = "ventures"
urlpatterns: list = []
