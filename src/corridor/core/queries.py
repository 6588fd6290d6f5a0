"""Read queries for the shared reference data (countries, sectors)."""

from __future__ import annotations

from .models import Country, Sector


def countries():
    """ISO countries, the two partners first."""
    return Country.objects.all().order_by("-is_partner", "name")


def active_sectors():
    """The shared sector taxonomy in its display order."""
    return Sector.objects.filter(is_active=True).select_related("parent").order_by("position", "name")
