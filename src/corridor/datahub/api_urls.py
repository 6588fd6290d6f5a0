"""API of the datahub module, mounted at /api/datahub/."""

from rest_framework.routers import DefaultRouter

from .api import DataFileViewSet, DatasetViewSet

router = DefaultRouter()
router.register("datasets", DatasetViewSet, basename="datahub-dataset")
router.register("files", DataFileViewSet, basename="datahub-file")
urlpatterns = router.urls
