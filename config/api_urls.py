"""URLs of the REST API (v1), its schema and Swagger UI."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from audit.api import AuditEventViewSet
from claims.api import EvidenceViewSet, ReportViewSet
from config.api import MeView, TokenView
from reviews.api import ClaimViewSet
from sources.api import SourceViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("sources", SourceViewSet, basename="source")
router.register("audit/events", AuditEventViewSet, basename="audit-event")

v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]

app_name = "api"
urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
]
