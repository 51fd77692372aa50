"""API routes of claims under /api/v1/: reports and evidence (claims are reviews')."""

from rest_framework.routers import SimpleRouter

from claims.api import EvidenceViewSet, ImportJobViewSet, ReportViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("import-jobs", ImportJobViewSet, basename="import-job")

urlpatterns = router.urls
