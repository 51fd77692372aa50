"""The public verdict search: GET /api/v1/verdicts/, ClaimReview-shaped, keyset paged.

Like Google Fact Check Tools' ``claims:search``: words, rating, language,
claimant, publisher and a date. It reads published verdict versions only
(``reviews.publication``), needs no sign-in, is cached (ETag, Last-Modified,
``Cache-Control: public``; the body also in Django's cache under its ETag) and
sends CORS headers (settings.CORS_URLS_REGEX).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe, urlencode
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response

from config.api import error_responses, parse_entity_tags
from config.ids import MAX_ID
from config.pagination import bounded_int
from reviews.claimreview import absolute_url, claimreview
from reviews.filters import VerdictFilterSet
from reviews.publication import (
    current_versions,
    public_verdicts,
    publication_changed_at,
    versions_before,
)

CACHE_SECONDS = 60


class VerdictSearchView(generics.GenericAPIView):
    """Search the published verdicts (no sign-in)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    filterset_class = VerdictFilterSet
    pagination_class = None

    def get_queryset(self):
        return current_versions()

    @extend_schema(
        tags=["verdicts"],
        summary="Search published verdicts (public, ClaimReview JSON)",
        description=(
            "The current version of each published verdict, newest first, as "
            "schema.org ClaimReview objects. Follow `next` (keyset: "
            "`before=<version id>`). Answers 304 to If-None-Match with its ETag."
        ),
        auth=[],
        parameters=[
            OpenApiParameter(
                "before",
                {"type": "integer", "minimum": 1},
                description="The version id from the previous page's next link.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1},
                description=f"At most {settings.LIST_MAX_PAGE_SIZE} (default 20).",
            ),
        ],
        responses={
            200: inline_serializer(
                "VerdictSearchPage",
                {
                    "next": serializers.URLField(allow_null=True),
                    "results": serializers.ListField(
                        child=serializers.DictField(),
                        help_text="schema.org ClaimReview objects.",
                    ),
                },
            ),
            304: None,
            **error_responses(400),
        },
    )
    def get(self, request):
        params = request.query_params
        # The API's one reading of paging parameters: 400 if not a whole number
        # of at least 1, given once.
        before = bounded_int(params, "before", 0, low=1, high=MAX_ID)
        size = bounded_int(
            params, "page_size", 20, low=1, high=settings.LIST_MAX_PAGE_SIZE
        )
        versions = self.filter_queryset(self.get_queryset())
        changed, tag = publication_changed_at()
        query = urlencode(sorted(params.lists()), doseq=True)
        etag = '"' + hashlib.sha256(f"{tag}?{query}".encode()).hexdigest()[:32] + '"'
        headers = {
            "ETag": etag,
            "Cache-Control": f"public, max-age={CACHE_SECONDS}",
            "Vary": "Accept, Accept-Encoding, Origin",
        }
        if changed is not None:
            headers["Last-Modified"] = http_date(changed.timestamp())
        if self._not_modified(request, etag, changed):
            return Response(status=304, headers=headers)
        body = cache.get(f"verdict-search:{etag}")
        if body is None:
            body = self._page(versions, before or None, size, params)
            cache.set(f"verdict-search:{etag}", body, CACHE_SECONDS)
        return Response(body, headers=headers)

    @staticmethod
    def _not_modified(request, etag: str, changed) -> bool:
        none_match = request.headers.get("If-None-Match")
        if none_match is not None:
            tags = parse_entity_tags(none_match, "If-None-Match")
            # GET compares weakly: W/"x" matches "x".
            return tags is None or any(f'"{t}"' == etag for _, t in tags)
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return bool(changed and since and int(changed.timestamp()) <= since)

    @staticmethod
    def _page(versions, before, size, params) -> dict:
        page = list(
            versions_before(before, versions).only("id", "claim_id", "published_at")[
                : size + 1
            ]
        )
        more, page = len(page) > size, page[:size]
        next_url = None
        if more:
            query = params.copy()
            query["before"] = str(page[-1].pk)
            next_url = absolute_url(
                f"{reverse('api:v1:verdict_search')}?{query.urlencode()}"
            )
        return {
            "next": next_url,
            "results": [claimreview(v) for v in public_verdicts(page)],
        }
