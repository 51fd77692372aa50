"""API of the workflow: one POST endpoint per action, reviews, and the claim with them."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api import ETAG_HEADER
from claims.api import ClaimViewSet as BaseClaimViewSet
from config.api import (
    IF_MATCH_OPTIONAL,
    READ_ERRORS,
    error_responses,
    if_match_version,
)
from reviews.selectors import reviews_visible_to
from reviews.serializers import (
    ClaimWorkflowSerializer,
    EmptySerializer,
    NoteSerializer,
    OptionalNoteSerializer,
    RequiredReasonSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    StartResearchSerializer,
)
from reviews.services import review_submit
from reviews.workflow import WORKFLOW_ACTIONS, claim_perform

_ACTION_REQUESTS = {
    "start_research": StartResearchSerializer,
    "mark_not_checkable": RequiredReasonSerializer,
    "submit_for_review": EmptySerializer,
    "return_for_research": NoteSerializer,
    "approve": OptionalNoteSerializer,
    "reopen": RequiredReasonSerializer,
}
_ACTION_EXAMPLES = {
    "mark_not_checkable": {"reason": "An opinion, not a checkable fact."},
    "return_for_research": {"note": "Cite the 2025 yearbook, not the press release."},
    "approve": {"note": ""},
    "reopen": {"reason": "The statistics office revised the 2025 figure."},
}


def _workflow_endpoint(name: str):
    """A POST endpoint that runs one workflow action through its service."""
    workflow_action = WORKFLOW_ACTIONS[name]
    request_serializer = _ACTION_REQUESTS[name]
    examples = (
        [OpenApiExample(name, value=_ACTION_EXAMPLES[name], request_only=True)]
        if name in _ACTION_EXAMPLES
        else []
    )

    def endpoint(self, request, pk=None):
        return self.perform_workflow(name, request_serializer)

    endpoint.__name__ = name
    endpoint = action(
        detail=True,
        methods=["post"],
        url_path=f"actions/{name}",
        url_name=f"action-{name.replace('_', '-')}",
    )(endpoint)
    # The schema goes on after @action, which would otherwise replace it.
    return extend_schema(
        summary=f"{workflow_action.label} (workflow action '{name}')",
        description=(
            f"Moves the claim to '{workflow_action.target}' through the workflow. "
            "A claim in another state answers 409; a user without the right, 403. "
            "If-Match is optional here; when sent and stale, 412."
        ),
        tags=["workflow"],
        parameters=[IF_MATCH_OPTIONAL, ETAG_HEADER],
        request=request_serializer,
        responses={
            200: ClaimWorkflowSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409, 412),
        },
        examples=examples,
    )(endpoint)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One claim with appearances, evidence, reviews and actions",
        parameters=[ETAG_HEADER],
        responses={
            200: ClaimWorkflowSerializer,
            **error_responses(*READ_ERRORS, 404),
        },
    ),
)
class ClaimViewSet(BaseClaimViewSet):
    """Claims with the workflow: the reviews this user may see and the actions open."""

    detail_serializer_class = ClaimWorkflowSerializer

    def perform_workflow(self, name: str, request_serializer) -> Response:
        claim = self.get_claim_to_change()
        expected = if_match_version(self.request, required=False)
        form = request_serializer(data=self.request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        assignee = None
        if data.get("assignee") is not None:
            assignee = (
                get_user_model()
                .objects.filter(pk=data["assignee"], is_active=True)
                .first()
            )
            if assignee is None:
                raise serializers.ValidationError(
                    {"assignee": ["No active user has this id."]}
                )
        claim_perform(
            name,
            claim=claim,
            actor=self.request.user,
            text=data.get("note") or data.get("reason") or "",
            assignee=assignee,
            expected_version=expected,
        )
        return self.claim_response(self.get_claim())

    start_research = _workflow_endpoint("start_research")
    mark_not_checkable = _workflow_endpoint("mark_not_checkable")
    submit_for_review = _workflow_endpoint("submit_for_review")
    return_for_research = _workflow_endpoint("return_for_research")
    approve = _workflow_endpoint("approve")
    reopen = _workflow_endpoint("reopen")

    @extend_schema(
        summary="Reviews of this claim that you may see",
        description="Other reviewers' verdicts stay hidden until your own is in.",
        tags=["reviews"],
        responses={
            200: ReviewSerializer(many=True),
            **error_responses(*READ_ERRORS, 404),
        },
    )
    @action(detail=True, methods=["get"], url_path="reviews", pagination_class=None)
    def reviews(self, request, pk=None):
        claim = self.get_claim()
        visible = reviews_visible_to(user=request.user, claim=claim)
        return Response(ReviewSerializer(visible, many=True).data)

    @extend_schema(
        summary="Submit your own review of this claim",
        tags=["reviews"],
        request=ReviewCreateSerializer,
        responses={
            201: ReviewSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409),
        },
        examples=[
            OpenApiExample(
                "review",
                value={
                    "rating": "mostly_true",
                    "rationale": "The yearbook gives 38.1%, not 40%.",
                    "confidence": "high",
                    "cited_evidence": [12],
                },
                request_only=True,
            )
        ],
    )
    @reviews.mapping.post
    def submit_review(self, request, pk=None):
        claim = self.get_claim()
        form = ReviewCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        review = review_submit(
            claim=claim,
            actor=request.user,
            rating=data["rating"],
            rationale=data["rationale"],
            confidence=data["confidence"],
            cited_evidence_ids=data["cited_evidence"],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
