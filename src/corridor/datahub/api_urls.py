"""API of the datahub module, mounted at /api/datahub/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
