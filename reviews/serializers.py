"""API representations of reviews, decisions, and the workflow steps' requests."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Verdict
from claims.serializers import ClaimDetailSerializer, verdict_field
from config.api import UserRefSerializer
from config.ids import MAX_ID
from reviews.models import Confidence, Decision, Review
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
    rating = serializers.ChoiceField(choices=Verdict.choices)
    rationale = serializers.CharField(max_length=20000)
    confidence = serializers.ChoiceField(
        choices=Confidence.choices, default=Confidence.MEDIUM
    )
    cited_evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
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
            "verdict",
            "previous_verdict",
            "is_correction",
            "created_at",
        ]
        read_only_fields = fields


class ClaimWorkflowSerializer(ClaimDetailSerializer):
    """A claim with the reviews this user may see, decisions and the actions open."""

    reviews = serializers.SerializerMethodField()
    hidden_review_count = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta(ClaimDetailSerializer.Meta):
        fields = [
            *ClaimDetailSerializer.Meta.fields,
            "reviews",
            "hidden_review_count",
            "decisions",
            "available_actions",
        ]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

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


class ActiveUserField(serializers.PrimaryKeyRelatedField):
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
        return serializers.BooleanField(**options)
    return serializers.CharField(
        max_length=5000, allow_blank=not field.required, **options
    )


def step_request_serializer(step: WorkflowStep) -> type[serializers.Serializer]:
    """The request body of a workflow step's endpoint: one field per input of its row."""
    name = "".join(part.title() for part in step.name.split("_")) + "StepSerializer"
    fields = {field.name: _input(field) for field in step.fields}
    return type(name, (serializers.Serializer,), fields)
