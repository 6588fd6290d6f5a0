"""API of the standards module, mounted at /api/standards/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("domains", api.RecognitionAreaViewSet, basename="standards-domain")
router.register("checks", api.ConformanceCheckViewSet, basename="standards-check")
urlpatterns = [
    path("check/", api.CheckView.as_view(), name="standards-check-run"),
    path("statistics/", api.StatisticsView.as_view(), name="standards-statistics"),
    *router.urls,
]
