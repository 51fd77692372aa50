"""API representations of reviews, decisions, and the workflow steps' requests."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Verdict
from claims.serializers import ClaimDetailSerializer, verdict_field
from config.api import UserRefSerializer
from config.api_fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
)
from config.ids import MAX_ID
from reviews.approval import CONTENT_FIELDS, latest_version
from reviews.claimreview import verdict_url
from reviews.models import Confidence, Decision, Review, VerdictVersion
from reviews.selectors import decisions_for, hidden_review_count, reviews_visible_to
from reviews.workflow import WORKFLOW, StepField, WorkflowStep, available_steps


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = UserRefSerializer(read_only=True)
    cited_evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "reviewer",
            "round",
            "rating",
            "rationale",
            "confidence",
            "cited_evidence",
            "submitted_at",
        ]
        read_only_fields = fields


class ReviewCreateSerializer(serializers.Serializer):
    rating = StrictChoiceField(choices=Verdict.choices)
    rationale = StrictCharField(max_length=20000)
    confidence = StrictChoiceField(
        choices=Confidence.choices, default=Confidence.MEDIUM
    )
    cited_evidence = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=200,
        help_text="Ids of current evidence on this claim that the verdict rests on.",
    )


class DecisionSerializer(serializers.ModelSerializer):
    editor = UserRefSerializer(read_only=True)
    verdict = verdict_field(help_text="The verdict approved (approvals only).")
    previous_verdict = verdict_field(help_text="The verdict it replaced, if any.")

    class Meta:
        model = Decision
        fields = [
            "id",
            "round",
            "kind",
            "editor",
            "review",
            "note",
            "public_note",
            "published_despite_disagreement",
            "verdict",
            "previous_verdict",
            "is_correction",
            "created_at",
        ]
        read_only_fields = fields


class VerdictVersionSerializer(serializers.ModelSerializer):
    """A published (or, in a preview, would-be) verdict version."""

    rating = serializers.ChoiceField(choices=Verdict.choices, read_only=True)
    url = serializers.SerializerMethodField(help_text="The public verdict page.")
    evidence = serializers.JSONField(read_only=True)
    appearances = serializers.JSONField(read_only=True)
    reviewers = serializers.JSONField(read_only=True)

    class Meta:
        model = VerdictVersion
        fields = [
            "number",
            "url",
            *CONTENT_FIELDS,
            "approved_by_name",
            "published_at",
            "content_sha256",
        ]
        read_only_fields = fields

    def get_url(self, version) -> str:
        return verdict_url(version.claim_id)


class ChangeSerializer(serializers.Serializer):
    label = serializers.CharField()
    changed = serializers.BooleanField()


class RatingByReviewerSerializer(serializers.Serializer):
    reviewer = serializers.CharField()
    rating = serializers.CharField(help_text="The rating's label.")


class ApprovalPreviewSerializer(serializers.Serializer):
    """What approving now would publish, and what the editor must confirm."""

    version = VerdictVersionSerializer(allow_null=True)
    previous_number = serializers.SerializerMethodField()
    changes = ChangeSerializer(many=True)
    differs_from_report = serializers.SerializerMethodField(
        help_text="The wording differs from a quote of the claim in a report."
    )
    disagreement = serializers.SerializerMethodField(
        help_text="The round's ratings when its reviews disagree, else null: then "
        "approve needs publish_despite_disagreement and a note."
    )
    refusal = serializers.CharField(
        help_text="Why you cannot approve now; empty when you can."
    )
    expected_content = serializers.CharField(
        source="digest", help_text="Send back with approve."
    )

    def get_previous_number(self, preview) -> int | None:
        return preview.previous.number if preview.previous is not None else None

    def get_differs_from_report(self, preview) -> bool:
        return any(quote.changed for quote in preview.quotes)

    @extend_schema_field(RatingByReviewerSerializer(many=True, allow_null=True))
    def get_disagreement(self, preview):
        if preview.disagreement is None:
            return None
        return [
            {"reviewer": name, "rating": label}
            for name, label in preview.disagreement.ratings
        ]


class ClaimWorkflowSerializer(ClaimDetailSerializer):
    """A claim with the reviews this user may see, decisions and the actions open.

    ``published_version`` is what the public sees (the latest verdict version),
    whatever the claim's fields say while it is being corrected.
    """

    published_version = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    hidden_review_count = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta(ClaimDetailSerializer.Meta):
        fields = [
            *ClaimDetailSerializer.Meta.fields,
            "published_version",
            "reviews",
            "hidden_review_count",
            "decisions",
            "available_actions",
        ]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    @extend_schema_field(VerdictVersionSerializer(allow_null=True))
    def get_published_version(self, claim) -> dict | None:
        version = latest_version(claim)
        return VerdictVersionSerializer(version).data if version is not None else None

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, claim) -> list[dict]:
        visible = reviews_visible_to(user=self._user(), claim=claim)
        return ReviewSerializer(visible, many=True).data

    def get_hidden_review_count(self, claim) -> int:
        return hidden_review_count(user=self._user(), claim=claim)

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, claim) -> list[dict]:
        return DecisionSerializer(decisions_for(claim=claim), many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=sorted(WORKFLOW)))
    )
    def get_available_actions(self, claim) -> list[str]:
        return [step.name for step in available_steps(claim, self._user())]


class ActiveUserField(StrictPrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "No active user has this id.",
        "incorrect_type": "A user's id is a number.",
    }


def _input(field: StepField) -> serializers.Field:
    options: dict = {"help_text": field.help_text or field.label}
    if field.required:
        options["required"] = True
    else:
        options.update(required=False, default=field.empty)
    if field.kind == "user":
        return ActiveUserField(
            queryset=get_user_model().objects.filter(is_active=True),
            allow_null=not field.required,
            **options,
        )
    if field.kind == "boolean":
        return StrictBooleanField(**options)
    return StrictCharField(max_length=5000, allow_blank=not field.required, **options)


def step_request_serializer(step: WorkflowStep) -> type[serializers.Serializer]:
    """The request body of a workflow step's endpoint: one field per input of its row."""
    name = "".join(part.title() for part in step.name.split("_")) + "StepSerializer"
    fields = {field.name: _input(field) for field in step.fields}
    return type(name, (serializers.Serializer,), fields)
