"""API routes of sources under /api/v1/."""

from rest_framework.routers import SimpleRouter

from sources.api import SourceViewSet

router = SimpleRouter()
router.register("sources", SourceViewSet, basename="source")

urlpatterns = router.urls
