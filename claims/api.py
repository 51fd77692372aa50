"""API of reports, claims (read and edit) and evidence; writes go through services."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from claims.filters import ClaimFilterSet
from claims.models import Claim, Evidence
from claims.pagination import KeysetPagination
from claims.permissions import user_can_import_report
from claims.selectors import (
    claim_detail,
    claim_list,
    report_with_claim_counts,
)
from claims.serializers import (
    AssignSerializer,
    ClaimDetailSerializer,
    ClaimEditSerializer,
    ClaimSerializer,
    EvidenceCreateSerializer,
    EvidenceSerializer,
    ImportResultSerializer,
    ReasonSerializer,
    ReportDetailSerializer,
    ReportSerializer,
    ReportUploadSerializer,
)
from claims.services.claims import claim_assign, claim_update
from claims.services.evidence import evidence_add, evidence_remove
from claims.services.imports import report_import
from claims.uploads import read_report_upload
from config.api import (
    IF_MATCH_OPTIONAL,
    IF_MATCH_REQUIRED,
    READ_ERRORS,
    error_responses,
    etag_for,
    if_match_version,
)

ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="The claim's version; send it back in If-Match to edit.",
)


@extend_schema_view(
    list=extend_schema(
        summary="List imported reports",
        responses={
            200: ReportSerializer(many=True),
            **error_responses(*READ_ERRORS, 404),
        },
    ),
    retrieve=extend_schema(
        summary="One report with its Markdown text",
        responses={
            200: ReportDetailSerializer,
            **error_responses(*READ_ERRORS, 404),
        },
    ),
)
class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reports, and importing a new one by upload (editors)."""

    serializer_class = ReportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return report_with_claim_counts(user=self.request.user).order_by(
            "-imported_at", "-id"
        )

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def retrieve(self, request, *args, **kwargs):
        reports = self.get_queryset().defer(None).defer("html")
        report = reports.filter(pk=kwargs["pk"]).first()
        if report is None:
            raise Http404
        return Response(ReportDetailSerializer(report).data)

    @extend_schema(
        summary="Import a report by upload (editors)",
        request={"multipart/form-data": ReportUploadSerializer},
        responses={
            201: OpenApiResponse(ImportResultSerializer, "A new report was imported."),
            200: OpenApiResponse(
                ImportResultSerializer,
                "The same text had been imported before; nothing was created.",
            ),
            **error_responses(400, *READ_ERRORS),
        },
    )
    def create(self, request, *args, **kwargs):
        if not user_can_import_report(request.user):
            raise PermissionDenied("Only editors may import reports.")
        form = ReportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        upload = data["file"]
        result = report_import(
            actor=request.user,
            text=read_report_upload(upload),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            url=data.get("url", ""),
            published_on=data.get("published_on"),
            filename=upload.name or "",
        )
        report = (
            self.get_queryset().filter(pk=result.report.pk).first() or result.report
        )
        body = ImportResultSerializer(
            {
                "report": report,
                "created": result.created,
                "claims_created": result.claims_created,
                "appearances_added": result.appearances_added,
                "near_duplicates_flagged": result.near_duplicates_flagged,
            }
        ).data
        return Response(
            body,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


def claim_response(claim: Claim, serializer_class, request, status_code=200):
    response = Response(
        serializer_class(claim, context={"request": request}).data, status=status_code
    )
    response["ETag"] = etag_for(claim.version)
    return response


@extend_schema_view(
    list=extend_schema(
        summary="List claims (filters shared with the web list)",
        parameters=[OpenApiParameter("report", int, description="Report id")],
        responses={
            200: ClaimSerializer(many=True),
            **error_responses(400, *READ_ERRORS, 404),
        },
    ),
    retrieve=extend_schema(
        summary="One claim with its appearances and current evidence",
        parameters=[ETAG_HEADER],
        responses={200: ClaimDetailSerializer, **error_responses(*READ_ERRORS, 404)},
    ),
    partial_update=extend_schema(
        summary="Edit text, topic or kind (If-Match required)",
        parameters=[IF_MATCH_REQUIRED, ETAG_HEADER],
        request=ClaimEditSerializer,
        responses={
            200: ClaimDetailSerializer,
            **error_responses(400, *READ_ERRORS, 404, 412, 428),
        },
        examples=[
            OpenApiExample(
                "retopic",
                value={"topic": "Semiconductors"},
                request_only=True,
            )
        ],
    ),
)
class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims: read, filter, edit the text; the status moves only by workflow actions."""

    serializer_class = ClaimSerializer
    detail_serializer_class = ClaimDetailSerializer
    filterset_class = ClaimFilterSet
    # Seek, not OFFSET, and no COUNT(*): a deep page costs what the first one does.
    pagination_class = KeysetPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return claim_list(user=self.request.user)

    def get_claim(self) -> Claim:
        try:
            return claim_detail(user=self.request.user, pk=int(self.kwargs["pk"]))
        except (Claim.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None

    def get_claim_to_change(self) -> Claim:
        """The claim's id and version only: the service re-reads it under a lock."""
        try:
            return (
                claim_list(user=self.request.user)
                .select_related(None)
                .only("id", "version")
                .get(pk=int(self.kwargs["pk"]))
            )
        except (Claim.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None

    def claim_response(self, claim: Claim, status_code=200) -> Response:
        return claim_response(
            claim, self.detail_serializer_class, self.request, status_code
        )

    def retrieve(self, request, *args, **kwargs):
        return self.claim_response(self.get_claim())

    def partial_update(self, request, *args, **kwargs):
        claim = self.get_claim()
        expected = if_match_version(request, required=True)
        form = ClaimEditSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        claim_update(
            claim=claim,
            actor=request.user,
            expected_version=expected,
            changes=dict(form.validated_data),
        )
        return self.claim_response(self.get_claim())

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Assign an open claim (editors)",
        parameters=[IF_MATCH_OPTIONAL, ETAG_HEADER],
        request=AssignSerializer,
        responses={
            200: ClaimDetailSerializer,
            **error_responses(400, *READ_ERRORS, 404, 412),
        },
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        claim = self.get_claim()
        expected = if_match_version(request, required=False)
        form = AssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        assignee = (
            get_user_model()
            .objects.filter(pk=form.validated_data["assignee"], is_active=True)
            .first()
        )
        claim_assign(
            claim=claim,
            actor=request.user,
            assignee=assignee,
            expected_version=expected,
        )
        return self.claim_response(self.get_claim())


class EvidenceFilterSet(filters.FilterSet):
    claim = filters.NumberFilter(field_name="claim_id", label="Claim id")
    current = filters.BooleanFilter(
        field_name="removed_at",
        lookup_expr="isnull",
        label="Only evidence not removed (true) or only removed (false)",
    )

    class Meta:
        model = Evidence
        fields = ["claim", "stance"]


@extend_schema_view(
    list=extend_schema(
        summary="List evidence (filter by claim)",
        responses={
            200: EvidenceSerializer(many=True),
            **error_responses(400, *READ_ERRORS, 404),
        },
    ),
    retrieve=extend_schema(
        summary="One piece of evidence",
        responses={200: EvidenceSerializer, **error_responses(*READ_ERRORS, 404)},
    ),
    create=extend_schema(
        summary="Attach a source to a claim as evidence",
        request=EvidenceCreateSerializer,
        responses={
            201: EvidenceSerializer,
            **error_responses(400, *READ_ERRORS, 404),
        },
    ),
)
class EvidenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence: claim-source links with a stance; removal keeps the row."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet

    def get_queryset(self):
        return (
            Evidence.objects.filter(claim__in=claim_list(user=self.request.user))
            .select_related("source", "added_by", "removed_by")
            .order_by("claim_id", "added_at", "id")
        )

    def create(self, request, *args, **kwargs):
        form = EvidenceCreateSerializer(
            data=request.data, claims=claim_list(user=request.user)
        )
        form.is_valid(raise_exception=True)
        data = form.validated_data
        evidence = evidence_add(
            claim=data["claim"],
            actor=request.user,
            source=data["source"],
            stance=data["stance"],
            excerpt=data.get("excerpt", ""),
            locator=data.get("locator", ""),
        )
        evidence = self.get_queryset().get(pk=evidence.pk)
        return Response(
            EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Remove evidence (the row stays, marked removed)",
        request=ReasonSerializer,
        responses={
            200: EvidenceSerializer,
            **error_responses(400, *READ_ERRORS, 404),
        },
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        evidence = self.get_object()
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        evidence_remove(
            evidence=evidence, actor=request.user, reason=form.validated_data["reason"]
        )
        return Response(EvidenceSerializer(self.get_queryset().get(pk=pk)).data)
