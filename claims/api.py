"""API of reports and evidence; writes go through services.

The claim endpoints are in ``reviews.api``: they carry reviews and the workflow.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from claims.filters import ReportFilterSet
from claims.models import Evidence
from claims.permissions import user_can_import_report
from claims.selectors import (
    claim_list,
    import_jobs_for,
    report_with_claim_counts,
)
from claims.serializers import (
    EvidenceCreateSerializer,
    EvidenceSerializer,
    ImportJobSerializer,
    ImportResultSerializer,
    ReasonSerializer,
    ReportDetailSerializer,
    ReportSerializer,
    ReportUploadSerializer,
)
from claims.services.evidence import evidence_add, evidence_remove
from claims.tasks import report_import_submit
from claims.uploads import read_report_upload
from config.api import (
    READ_ERRORS,
    error_responses,
    read_schemas,
)
from config.ids import MAX_ID, parse_id
from config.pagination import KeysetPagination
from config.parsers import GuardedMultiPartParser


@extend_schema_view(
    **read_schemas(
        ReportSerializer,
        list_summary="List imported reports",
        retrieve_summary="One report with its Markdown text",
        detail=ReportDetailSerializer,
    )
)
class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reports, and importing a new one by upload (editors)."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    parser_classes = [GuardedMultiPartParser, FormParser]
    pagination_class = KeysetPagination

    def get_queryset(self):
        return report_with_claim_counts(user=self.request.user).order_by(
            "-imported_at", "-id"
        )

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report_id = parse_id(kwargs["pk"])
        reports = self.get_queryset().defer(None).defer("html")
        report = reports.filter(pk=report_id).first() if report_id else None
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
            202: OpenApiResponse(
                ImportJobSerializer,
                "The file is larger than IMPORT_BACKGROUND_BYTES: it is imported in "
                "the background; follow the Location header (the job's status).",
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
        content = read_report_upload(upload)
        result, job = report_import_submit(
            actor=request.user,
            content=content,
            filename=upload.name or "",
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            url=data.get("url", ""),
            published_on=data.get("published_on"),
        )
        if job is not None:
            # Imported by the task worker; the client follows the job's Location.
            body = ImportJobSerializer(job, context={"request": request}).data
            return Response(
                body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]}
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
                "matches_suggested": result.matches_suggested,
                "verdict_matches": sorted({m.other_id for m in result.verdict_matches}),
            }
        ).data
        if not result.created:
            return Response(body)
        return Response(
            body,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:v1:report-detail", args=[report.pk])},
        )


@extend_schema_view(
    **read_schemas(
        ImportJobSerializer,
        list_summary="Background imports (yours; every one for editors)",
        retrieve_summary="A background import's status, progress and report",
    )
)
class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Imports of large files, run by the task worker (``POST /reports/`` answers
    202 with the Location of one of these)."""

    serializer_class = ImportJobSerializer

    def get_queryset(self):
        return import_jobs_for(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        job_id = parse_id(kwargs["pk"])
        job = self.get_queryset().filter(pk=job_id).first() if job_id else None
        if job is None:
            raise Http404
        return Response(self.get_serializer(job).data)


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class EvidenceFilterSet(filters.FilterSet):
    # An id that names no claim is an empty list; beyond 64 bits, a 400.
    claim = IdFilter(
        field_name="claim_id", label="Claim id", min_value=-MAX_ID, max_value=MAX_ID
    )
    current = filters.BooleanFilter(
        field_name="removed_at",
        lookup_expr="isnull",
        label="Only evidence not removed (true) or only removed (false)",
    )

    class Meta:
        model = Evidence
        fields = ["claim", "stance"]


@extend_schema_view(
    **read_schemas(
        EvidenceSerializer,
        list_summary="List evidence (filter by claim)",
        retrieve_summary="One piece of evidence",
    ),
    create=extend_schema(
        summary="Attach a source to a claim as evidence",
        request=EvidenceCreateSerializer,
        responses={
            201: EvidenceSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409),
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
            EvidenceSerializer(evidence).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:v1:evidence-detail", args=[evidence.pk])},
        )

    @extend_schema(
        summary="Remove evidence (the row stays, marked removed)",
        request=ReasonSerializer,
        responses={
            200: EvidenceSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409),
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
