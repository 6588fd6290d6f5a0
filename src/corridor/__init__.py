"""Corridor: the platform that runs the Malaysia–Kenya digital trade partnership."""

from .celery import app as celery_app

__all__ = ["celery_app"]
