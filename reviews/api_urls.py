"""API routes of reviews under /api/v1/: claims with their reviews and workflow."""

from rest_framework.routers import SimpleRouter

from reviews.api import ClaimViewSet

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = router.urls
