"""API of sources: list, create, read, and edit with If-Match."""

from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from config.api import (
    IF_MATCH_REQUIRED,
    READ_ERRORS,
    Duplicate,
    PatchEditMixin,
    error_responses,
    read_schemas,
    record_etag,
)
from config.pagination import KeysetPagination
from sources.filters import SourceFilterSet
from sources.models import Source
from sources.permissions import user_can_view_sources
from sources.selectors import source_list
from sources.serializers import (
    SourceDetailSerializer,
    SourceSerializer,
    SourceWriteSerializer,
)
from sources.services import source_create, source_update
from sources.urlnorm import normalise_url

ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description=(
        "A digest of this answer, starting with the source's version: send it "
        "back in If-Match to edit, or in If-None-Match to re-read (304)."
    ),
)


@extend_schema_view(
    **read_schemas(
        SourceSerializer,
        list_summary="List sources",
        retrieve_summary="One source, with its snapshots (newest first)",
        detail=SourceDetailSerializer,
        retrieve_parameters=[ETAG_HEADER],
    ),
    create=extend_schema(
        summary="Add a source (http or https address)",
        parameters=[ETAG_HEADER],
        request=SourceWriteSerializer,
        responses={
            201: SourceDetailSerializer,
            **error_responses(400, *READ_ERRORS, 409),
        },
        examples=[
            OpenApiExample(
                "yearbook",
                value={
                    "url": "https://www.stats.gov.cn/sj/ndsj/2025/indexeh.htm",
                    "title": "China Statistical Yearbook 2025",
                    "publisher": "National Bureau of Statistics of China",
                    "kind": "official_statistics",
                },
                request_only=True,
            )
        ],
    ),
    partial_update=extend_schema(
        summary="Edit a source (If-Match required)",
        parameters=[IF_MATCH_REQUIRED, ETAG_HEADER],
        request=SourceWriteSerializer(partial=True),
        responses={
            200: SourceDetailSerializer,
            **error_responses(400, *READ_ERRORS, 404, 412, 428),
        },
    ),
)
class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PatchEditMixin,
    viewsets.GenericViewSet,
):
    """Sources that evidence comes from; one normalised URL is one source."""

    serializer_class = SourceSerializer
    edit_serializer_class = SourceWriteSerializer
    filterset_class = SourceFilterSet
    pagination_class = KeysetPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if not user_can_view_sources(self.request.user):
            return Source.objects.none()
        return source_list().select_related("added_by")

    def _representation(self, pk) -> tuple[dict, str]:
        """The source's detail and its ETag (a digest of it: see config.api)."""
        source = self.get_queryset().prefetch_related("snapshots").get(pk=pk)
        data = SourceDetailSerializer(source).data
        return data, record_etag(source.version, data)

    def _respond(self, pk, status_code=status.HTTP_200_OK) -> Response:
        data, etag = self._representation(pk)
        return Response(data, status=status_code, headers={"ETag": etag})

    def current_etag(self, source) -> str:
        return self._representation(source.pk)[1]

    def retrieve(self, request, *args, **kwargs):
        return self._respond(self.get_object().pk)

    def create(self, request, *args, **kwargs):
        form = SourceWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        known = source_list().filter(url=normalise_url(form.validated_data["url"]))
        if (existing := known.values_list("pk", flat=True).first()) is not None:
            raise Duplicate(
                "This source is already known; cite the existing one.",
                existing=reverse("api:v1:source-detail", args=[existing]),
            )
        source = source_create(actor=request.user, **form.validated_data)
        response = self._respond(source.pk, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:v1:source-detail", args=[source.pk])
        return response

    def edit_record(self):
        return self.get_object()

    def edit(self, source, **kwargs):
        source_update(source=source, **kwargs)

    def edited_response(self, source):
        return self._respond(source.pk)
