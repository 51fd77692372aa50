"""API representations of reports, claims, appearances and evidence."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    SHORT_CLAIM_MAX,
    Appearance,
    Claim,
    ClaimantKind,
    ClaimKind,
    Evidence,
    ImportJob,
    Report,
    Verdict,
)
from claims.selectors import claim_appearances
from claims.services.claims import CLAIM_EDITABLE_FIELDS
from config.api import OptionalURLField, UserRefSerializer
from config.api_fields import (
    StrictCharField,
    StrictChoiceField,
    StrictDateField,
    StrictFileField,
    StrictIntegerField,
    StrictModelSerializer,
)
from sources.models import Source
from sources.urlnorm import normalise_url


class ReportSerializer(serializers.ModelSerializer):
    imported_by = UserRefSerializer(allow_null=True, read_only=True)
    url = OptionalURLField()
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "publisher",
            "published_on",
            "url",
            "sha256",
            "imported_by",
            "imported_at",
            "claim_count",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "text"]
        read_only_fields = fields


def _http_url(value: str) -> str:
    return normalise_url(value) if value else ""


class ReportUploadSerializer(serializers.Serializer):
    file = StrictFileField(help_text="The report as a UTF-8 Markdown file.")
    title = StrictCharField(max_length=500, required=False, allow_blank=True)
    publisher = StrictCharField(max_length=300, required=False, allow_blank=True)
    url = StrictCharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        validators=[_http_url],
        help_text="The report's original address (http or https).",
    )
    published_on = StrictDateField(required=False, allow_null=True)

    def validate_file(self, value):
        if value.size > settings.IMPORT_MAX_BYTES:
            raise serializers.ValidationError(
                f"The file is larger than {settings.IMPORT_MAX_BYTES} bytes."
            )
        return value


class ImportResultSerializer(serializers.Serializer):
    report = ReportSerializer()
    created = serializers.BooleanField(
        help_text="False when the same text had been imported before."
    )
    claims_created = serializers.IntegerField()
    appearances_added = serializers.IntegerField()
    matches_suggested = serializers.IntegerField()
    verdict_matches = serializers.ListField(child=serializers.IntegerField())


class ImportJobSerializer(serializers.ModelSerializer):
    """A background import: its state, its progress and, once done, its report."""

    created_by = UserRefSerializer(read_only=True)
    percent = serializers.IntegerField(
        read_only=True, help_text="0-100 while reading; 100 when done."
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:v1:import-job-detail")
    page = serializers.SerializerMethodField(help_text="The job's page on the desk.")
    report = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "page",
            "status",
            "step",
            "done",
            "total",
            "percent",
            "error",
            "report",
            "result",
            "filename",
            "size",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_page(self, job) -> str:
        return reverse("desk:import_job", args=[job.pk])


def verdict_field(**kwargs) -> serializers.ChoiceField:
    """A verdict, or "" while none has been published."""
    return serializers.ChoiceField(
        choices=Verdict.choices, allow_blank=True, read_only=True, **kwargs
    )


class ClaimSerializer(serializers.ModelSerializer):
    assignee = UserRefSerializer(allow_null=True, read_only=True)
    verdict = verdict_field()
    is_under_correction = serializers.BooleanField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            *CLAIM_EDITABLE_FIELDS,
            "checkworthiness",
            "status",
            "assignee",
            "review_round",
            "verdict",
            "published_at",
            "first_published_at",
            "is_under_correction",
            "due_on",
            "priority",
            "is_overdue",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AppearanceSerializer(serializers.ModelSerializer):
    report_title = serializers.CharField(source="report.title", read_only=True)
    section_path = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Appearance
        fields = [
            "id",
            "report",
            "report_title",
            "section_path",
            "section",
            "quote",
            "start",
            "end",
            "line",
        ]
        read_only_fields = fields


class SourceRefSerializer(serializers.ModelSerializer):
    archive_url = OptionalURLField()

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "kind", "archive_url"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)
    added_by = UserRefSerializer(read_only=True)
    removed_by = UserRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "source",
            "stance",
            "excerpt",
            "locator",
            "added_by",
            "added_at",
            "removed_at",
            "removed_by",
        ]
        read_only_fields = fields


class EvidenceCreateSerializer(StrictModelSerializer):
    """Attach a source to a claim; the claim must be visible to the user."""

    class Meta:
        model = Evidence
        fields = ["claim", "source", "stance", "excerpt", "locator"]
        extra_kwargs = {
            "excerpt": {"required": False},
            "locator": {"required": False},
        }

    def __init__(self, *args, claims=None, **kwargs):
        super().__init__(*args, **kwargs)
        if claims is not None:
            self.fields["claim"].queryset = claims


class ReasonSerializer(serializers.Serializer):
    reason = StrictCharField(
        required=False, allow_blank=True, max_length=5000, default=""
    )


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with one page of its appearances (``?appearances_page=N``, of
    ``LIST_PAGE_SIZE``): a claim found 100,000 times in one report is served as
    fast as one found once."""

    appearances = serializers.SerializerMethodField(
        help_text="One page of where the claim appears (appearances_page, from 1)."
    )
    appearance_count = serializers.SerializerMethodField()
    appearances_next = serializers.SerializerMethodField(
        help_text="The URL of the next page of appearances, or null."
    )
    evidence = EvidenceSerializer(many=True, read_only=True, source="current_evidence")

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "not_checkable_reason",
            "appearance_count",
            "appearances",
            "appearances_next",
            "evidence",
        ]
        read_only_fields = fields

    def _appearance_page(self, claim) -> tuple[list, int, bool]:
        if not hasattr(claim, "_appearance_page"):
            request = self.context.get("request")
            raw = request.query_params.get("appearances_page", "1") if request else "1"
            number = int(raw) if raw.isdigit() and 0 < int(raw) <= 1_000_000 else 1
            size = settings.LIST_PAGE_SIZE
            offset = (number - 1) * size
            rows = list(claim_appearances(claim)[offset : offset + size + 1])
            claim._appearance_page = (rows[:size], number, len(rows) > size)
        return claim._appearance_page

    @extend_schema_field(AppearanceSerializer(many=True))
    def get_appearances(self, claim) -> list:
        rows, _number, _more = self._appearance_page(claim)
        return AppearanceSerializer(rows, many=True).data

    def get_appearance_count(self, claim) -> int:
        return claim.appearances.count()

    def get_appearances_next(self, claim) -> str | None:
        _rows, number, more = self._appearance_page(claim)
        request = self.context.get("request")
        if not more or request is None:
            return None
        query = request.query_params.copy()
        query["appearances_page"] = str(number + 1)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class ClaimEditSerializer(serializers.Serializer):
    """The editable fields; the status changes only through the workflow actions."""

    text = StrictCharField(required=False, max_length=5000)
    topic = StrictCharField(required=False, allow_blank=True, max_length=300)
    kind = StrictChoiceField(choices=ClaimKind.choices, required=False)
    short_claim = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=SHORT_CLAIM_MAX,
        help_text="The claim in a few words: ClaimReview's claimReviewed.",
    )
    claimant = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Who made the claim, if not the report's publisher.",
    )
    claimant_kind = StrictChoiceField(choices=ClaimantKind.choices, required=False)
    claim_date = StrictDateField(
        required=False, allow_null=True, help_text="When the claim was made."
    )
    language = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=35,
        help_text="A BCP 47 language tag such as en, zh-Hans or pt-BR.",
    )

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(CLAIM_EDITABLE_FIELDS)
        if unknown:
            raise serializers.ValidationError(
                {
                    name: [
                        "This field cannot be edited; the status changes only "
                        "through the workflow actions."
                        if name in {"status", "verdict"}
                        else "This field cannot be edited."
                    ]
                    for name in sorted(unknown)
                }
            )
        if not attrs:
            raise serializers.ValidationError(
                "Send at least one of: " + ", ".join(CLAIM_EDITABLE_FIELDS) + "."
            )
        return attrs


class AssignSerializer(serializers.Serializer):
    assignee = StrictIntegerField(help_text="The id of a researcher or editor.")


class ExternalFactCheckSerializer(serializers.Serializer):
    """An external fact-check (another publisher's ClaimReview)."""

    id = serializers.IntegerField()
    publisher = serializers.CharField()
    url = serializers.URLField()
    claim_reviewed = serializers.CharField()
    claimant = serializers.CharField()
    rating = serializers.CharField(help_text="reviewRating.alternateName")
    rating_value = serializers.IntegerField(
        allow_null=True, help_text="reviewRating.ratingValue"
    )
    review_date = serializers.DateField(allow_null=True)


class ClaimMatchSerializer(serializers.Serializer):
    """One match of a claim, seen from that claim (``context["claim"]``): another
    claim (``claim``), or an external fact-check (``source`` "external",
    ``claim`` null, ``fact_check``; resolved at ``external-matches/{id}/``)."""

    id = serializers.IntegerField()
    claim = serializers.SerializerMethodField(
        help_text="The other claim's id; null for an external fact-check."
    )
    text = serializers.SerializerMethodField(
        help_text="The other claim's text, or the claim the fact-check reviewed."
    )
    fact_check = serializers.SerializerMethodField(
        help_text="The external fact-check; null for a match with a claim."
    )
    score = serializers.FloatField()
    features = serializers.JSONField()
    source = serializers.CharField()
    status = serializers.CharField()
    proposed_status = serializers.CharField(
        help_text="A researcher's proposal for an editor (same, distinct), or empty."
    )
    proposed_by = UserRefSerializer(allow_null=True, read_only=True)
    note = serializers.CharField()

    def get_claim(self, match) -> int | None:
        counterpart = getattr(match, "counterpart", None)
        return counterpart.pk if counterpart is not None else None

    def get_text(self, match) -> str:
        counterpart = getattr(match, "counterpart", None)
        return counterpart.text if counterpart else match.fact_check.claim_reviewed

    @extend_schema_field(ExternalFactCheckSerializer(allow_null=True))
    def get_fact_check(self, match) -> dict | None:
        fact_check = getattr(match, "fact_check", None)
        return ExternalFactCheckSerializer(fact_check).data if fact_check else None


class ClaimMatchResolveSerializer(serializers.Serializer):
    status = StrictChoiceField(choices=["same", "distinct"])
    note = StrictCharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
