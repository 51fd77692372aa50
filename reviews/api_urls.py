"""API routes of reviews under /api/v1/: claims, their workflow, the verdict search."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from reviews.api import ClaimViewSet
from reviews.public_api import VerdictSearchView

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = [
    path("verdicts/", VerdictSearchView.as_view(), name="verdict_search"),
    *router.urls,
]
