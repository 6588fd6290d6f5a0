"""API of the ventures module, mounted at /api/ventures/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import ContextFigureViewSet, PipelineView, PledgeViewSet, VentureViewSet

router = DefaultRouter()
router.register("ventures", VentureViewSet, basename="venture")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("context", ContextFigureViewSet, basename="context-figure")
urlpatterns = [path("pipeline/", PipelineView.as_view(), name="ventures-pipeline"), *router.urls]
