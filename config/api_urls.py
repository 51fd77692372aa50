"""URLs of the REST API (v1), its schema and Swagger UI.

Each app routes its own endpoints in its ``api_urls.py``; they are included here by
name, so that ``config`` imports no app.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.tokens import MeView, TokenDetailView, TokenListView, TokenView

v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/tokens/", TokenListView.as_view(), name="token_list"),
    path("auth/tokens/<str:token_id>/", TokenDetailView.as_view(), name="token_detail"),
    path("me/", MeView.as_view(), name="me"),
    path("", include("claims.api_urls")),
    path("", include("reviews.api_urls")),
    path("", include("sources.api_urls")),
    path("", include("audit.api_urls")),
    path("", include("collab.api_urls")),
]

app_name = "api"
urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
]
