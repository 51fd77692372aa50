"""API representations of reviews, decisions, and the workflow actions' requests."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Verdict
from claims.serializers import ClaimDetailSerializer, verdict_field
from config.api import UserRefSerializer
from reviews.models import Confidence, Decision, Review
from reviews.selectors import decisions_for, hidden_review_count, reviews_visible_to
from reviews.workflow import WORKFLOW_ACTIONS, available_actions


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
        child=serializers.IntegerField(min_value=1),
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
        serializers.ListField(
            child=serializers.ChoiceField(choices=sorted(WORKFLOW_ACTIONS))
        )
    )
    def get_available_actions(self, claim) -> list[str]:
        return [a.name for a in available_actions(claim, self._user())]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, help_text="Required.")


class OptionalNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )


class RequiredReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Required.")


class StartResearchSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Editors may assign someone else; by default the caller.",
    )


class EmptySerializer(serializers.Serializer):
    pass
