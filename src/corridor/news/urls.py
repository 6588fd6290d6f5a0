"""Pages of the news module."""

from django.urls import path  # noqa: F401

app_name = "news"
urlpatterns: list = []
