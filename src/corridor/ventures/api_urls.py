"""API of the ventures module, mounted at /api/ventures/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
