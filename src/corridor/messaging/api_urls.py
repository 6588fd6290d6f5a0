"""API of messaging, mounted at /api/messaging/."""

from rest_framework.routers import DefaultRouter

from .api import ConversationViewSet, ReportViewSet

router = DefaultRouter()
router.register("conversations", ConversationViewSet, basename="messaging-conversation")
router.register("reports", ReportViewSet, basename="messaging-report")
urlpatterns = router.urls
