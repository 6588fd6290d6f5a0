"""API of the news module, mounted at /api/news/."""

from rest_framework.routers import DefaultRouter

from .api import AnnouncementViewSet, CommentViewSet

router = DefaultRouter()
router.register("announcements", AnnouncementViewSet, basename="announcement")
router.register("comments", CommentViewSet, basename="comment")
urlpatterns = router.urls
