"""Pages of the datahub module."""

from django.urls import path  # noqa: F401

app_name = "datahub"
urlpatterns: list = []
