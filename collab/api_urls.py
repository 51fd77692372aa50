"""API routes of a person's notifications under /api/v1/."""

from rest_framework.routers import SimpleRouter

from collab.api import NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
