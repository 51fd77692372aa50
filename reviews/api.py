"""API of claims: read, filter, edit, assign, their reviews, and one POST per workflow step.

The claim endpoints live here, in the layer that sees both claims and reviews, so
that the claim viewset is defined once. The workflow endpoints are derived from
the rows of ``reviews.workflow.WORKFLOW``: ``POST /api/v1/claims/{id}/<route>/``.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.filters import ClaimFilterSet
from claims.models import Claim, ClaimMatch, ExternalMatch
from claims.permissions import user_can_resolve_match
from claims.selectors import (
    claim_detail,
    claim_external_matches,
    claim_list,
    claim_matches,
)
from claims.serializers import (
    AssignSerializer,
    ClaimEditSerializer,
    ClaimMatchResolveSerializer,
    ClaimMatchSerializer,
    ClaimSerializer,
)
from claims.services.claims import claim_assign, claim_update
from claims.services.matching import (
    claim_match_propose,
    claim_match_resolve,
    external_match_propose,
    external_match_resolve,
)
from config.api import (
    IF_MATCH_OPTIONAL,
    IF_MATCH_REQUIRED,
    READ_ERRORS,
    PatchEditMixin,
    error_responses,
    if_match_version,
    read_schemas,
    record_etag,
)
from config.pagination import KeysetPagination
from config.roles import is_editor
from reviews import approval
from reviews.models import Review
from reviews.selectors import reviews_visible_to, verdict_versions
from reviews.serializers import (
    ApprovalPreviewSerializer,
    ClaimWorkflowSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    VerdictVersionSerializer,
    step_request_serializer,
)
from reviews.services import (
    review_edit,
    review_fields,
    review_submit,
    review_withdraw,
)
from reviews.workflow import WORKFLOW, WorkflowStep, claim_perform

ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description=(
        "A digest of this answer, starting with the claim's version: send it back "
        "in If-Match to edit, or in If-None-Match to re-read (304)."
    ),
)


@extend_schema_view(
    **read_schemas(
        ClaimSerializer,
        list_summary="List claims (filters shared with the web list)",
        retrieve_summary="One claim with appearances, evidence, reviews and actions",
        detail=ClaimWorkflowSerializer,
        list_parameters=[OpenApiParameter("report", int, description="Report id")],
        retrieve_parameters=[ETAG_HEADER],
    ),
    partial_update=extend_schema(
        summary="Edit the claim's wording and publication facts (If-Match required)",
        description=(
            "Text, topic, kind, short claim, claimant, claim date and language, "
            "while the claim is new or being researched. What the public sees "
            "changes only when an editor approves a new verdict version."
        ),
        parameters=[IF_MATCH_REQUIRED, ETAG_HEADER],
        request=ClaimEditSerializer,
        responses={
            200: ClaimWorkflowSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409, 412, 428),
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
    PatchEditMixin,
    viewsets.GenericViewSet,
):
    """Claims: read, filter, edit the text; the status moves only by workflow steps."""

    serializer_class = ClaimSerializer
    edit_serializer_class = ClaimEditSerializer
    filterset_class = ClaimFilterSet
    # Seek, not OFFSET, and no COUNT(*): a deep page costs what the first one does.
    pagination_class = KeysetPagination
    # DELETE only withdraws one's own review; a claim itself is never deleted.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

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

    def claim_representation(self, claim: Claim) -> tuple[dict, str]:
        """The claim as the caller may see it, and its ETag (a digest of that:
        evidence, reviews and actions change without a new version)."""
        data = ClaimWorkflowSerializer(claim, context={"request": self.request}).data
        return data, record_etag(claim.version, data)

    def claim_response(self, claim: Claim, status_code=200) -> Response:
        data, etag = self.claim_representation(claim)
        return Response(data, status=status_code, headers={"ETag": etag})

    def current_etag(self, claim: Claim) -> str:
        return self.claim_representation(claim)[1]

    def retrieve(self, request, *args, **kwargs):
        return self.claim_response(self.get_claim())

    def edit_record(self):
        return self.get_claim()

    def edit(self, claim, **kwargs):
        claim_update(claim=claim, **kwargs)

    def edited_response(self, claim):
        return self.claim_response(self.get_claim())

    @extend_schema(
        summary="Assign an open claim (editors)",
        parameters=[IF_MATCH_OPTIONAL, ETAG_HEADER],
        request=AssignSerializer,
        responses={
            200: ClaimWorkflowSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409, 412),
        },
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        claim = self.get_claim()
        form = AssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        expected = if_match_version(
            request, required=False, etag=lambda: self.current_etag(claim)
        )
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

    @extend_schema(
        summary="Same or similar claims: suggested and resolved matches",
        tags=["matches"],
        responses={
            200: ClaimMatchSerializer(many=True),
            **error_responses(*READ_ERRORS, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="matches",
        pagination_class=None,
        filter_backends=[],
    )
    def matches(self, request, pk=None):
        claim = self.get_claim()
        found = claim_matches(claim=claim) + claim_external_matches(claim=claim)
        return Response(
            ClaimMatchSerializer(found, many=True, context={"claim": claim}).data
        )

    @extend_schema(
        summary="Resolve a match: same claim (merge) or distinct; researchers propose",
        description=(
            "Editors resolve: 'same' merges the newer claim into the older one "
            "(refused with 409 if it already has work), 'distinct' keeps the pair "
            "from being suggested again. Researchers' requests are recorded as "
            "proposals. If-Match: this claim's ETag."
        ),
        tags=["matches"],
        parameters=[IF_MATCH_OPTIONAL],
        request=ClaimMatchResolveSerializer,
        responses={
            200: ClaimMatchSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409, 412),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"matches/(?P<match_pk>[0-9]{1,9})/resolve",
    )
    def resolve_match(self, request, pk=None, match_pk=None):
        claim = self.get_claim()
        match = get_object_or_404(
            ClaimMatch.objects.filter(Q(claim=claim) | Q(other=claim)), pk=match_pk
        )
        form = ClaimMatchResolveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # A stale If-Match is a 412 for a proposal as for a resolution.
        expected = if_match_version(
            request, required=False, etag=lambda: self.current_etag(claim)
        )
        if user_can_resolve_match(request.user):
            claim_match_resolve(
                match=match,
                actor=request.user,
                viewed_claim_id=claim.pk,
                expected_version=expected,
                **form.validated_data,
            )
        else:
            claim_match_propose(match=match, actor=request.user, **form.validated_data)
        (found,) = [m for m in claim_matches(claim=claim) if m.pk == match.pk]
        return Response(ClaimMatchSerializer(found, context={"claim": claim}).data)

    @extend_schema(
        summary="Resolve an external fact-check's match; researchers propose",
        description=(
            "Editors resolve: 'same': the external fact-check reviewed this claim "
            "(it is kept with the claim; nothing is merged); 'distinct': it did "
            "not, and is never suggested for this claim again. Researchers' "
            "requests are recorded as proposals. If-Match: this claim's ETag."
        ),
        tags=["matches"],
        parameters=[IF_MATCH_OPTIONAL],
        request=ClaimMatchResolveSerializer,
        responses={
            200: ClaimMatchSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409, 412),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"external-matches/(?P<match_pk>[0-9]{1,9})/resolve",
    )
    def resolve_external_match(self, request, pk=None, match_pk=None):
        claim = self.get_claim()
        # The body is read first: a malformed one is a 400 whatever the match.
        form = ClaimMatchResolveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        match = get_object_or_404(
            ExternalMatch.objects.filter(claim=claim), pk=match_pk
        )
        decide = (
            external_match_resolve
            if user_can_resolve_match(request.user)
            else external_match_propose
        )
        decide(
            match=match,
            actor=request.user,
            expected_version=if_match_version(
                request, required=False, etag=lambda: self.current_etag(claim)
            ),
            **form.validated_data,
        )
        (found,) = [m for m in claim_external_matches(claim=claim) if m.pk == match.pk]
        return Response(ClaimMatchSerializer(found, context={"claim": claim}).data)

    @extend_schema(
        summary="What approving this claim now would publish (editors)",
        description=(
            "The would-be verdict version, what changed since the published one, "
            "whether the wording differs from the report, and the round's ratings "
            "when its reviews disagree (then approve needs "
            "publish_despite_disagreement and a note). Send expected_content back "
            "with approve to publish exactly this."
        ),
        tags=["workflow"],
        responses={
            200: ApprovalPreviewSerializer,
            **error_responses(*READ_ERRORS, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="approval-preview",
        filter_backends=[],
    )
    def approval_preview(self, request, pk=None):
        claim = self.get_claim()
        if not is_editor(request.user):
            raise PermissionDenied("Only editors approve verdicts.")
        preview = approval.approval_preview(claim, request.user)
        return Response(ApprovalPreviewSerializer(preview).data)

    @extend_schema(
        summary="The published versions of this claim's verdict, oldest first",
        description="What the public has seen: each approval is one version.",
        tags=["reviews"],
        responses={
            200: VerdictVersionSerializer(many=True),
            **error_responses(*READ_ERRORS, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="versions",
        pagination_class=None,
        filter_backends=[],
    )
    def versions(self, request, pk=None):
        claim = self.get_claim()
        return Response(
            VerdictVersionSerializer(verdict_versions(claim=claim), many=True).data
        )

    @extend_schema(
        summary="Reviews of this claim that you may see",
        description="Other reviewers' verdicts stay hidden until your own is in.",
        tags=["reviews"],
        responses={
            200: ReviewSerializer(many=True),
            **error_responses(*READ_ERRORS, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="reviews",
        pagination_class=None,
        filter_backends=[],
    )
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
        return self._write_review(
            request,
            lambda **fields: review_submit(claim=claim, **fields),
            code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Correct your review (until the claim is sent for review)",
        description="The review's new rating, rationale, confidence and cited "
        "evidence, all of them, as when it was submitted.",
        tags=["reviews"],
        request=ReviewCreateSerializer,
        responses={
            200: ReviewSerializer,
            **error_responses(400, *READ_ERRORS, 404, 409),
        },
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"reviews/(?P<review_id>[0-9]+)",
        pagination_class=None,
    )
    def review(self, request, pk=None, review_id=None):
        # The body first (``_write_review`` reads it before ``write`` runs): an
        # unreadable one is a 400 whichever review it names.
        return self._write_review(
            request,
            lambda **fields: review_edit(
                review=self._review_of(self.get_claim(), review_id), **fields
            ),
        )

    @extend_schema(
        summary="Withdraw your review (until the claim is sent for review)",
        tags=["reviews"],
        request=None,
        responses={204: None, **error_responses(*READ_ERRORS, 404, 409)},
    )
    @review.mapping.delete
    def withdraw_review(self, request, pk=None, review_id=None):
        own = self._review_of(self.get_claim(), review_id)
        review_withdraw(review=own, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _write_review(
        self, request, write, *, code: int = status.HTTP_200_OK
    ) -> Response:
        """A review's body, validated, written by ``write`` (its service, given the
        actor and the review's fields); the answer is the review."""
        form = ReviewCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review = write(actor=request.user, **review_fields(form.validated_data))
        return Response(ReviewSerializer(review).data, status=code)

    def _review_of(self, claim, review_id) -> Review:
        """A review of this claim the user can see (others' are 404, not 403)."""
        review = (
            reviews_visible_to(user=self.request.user, claim=claim)
            .filter(pk=review_id)
            .first()
        )
        if review is None:
            raise Http404
        return review

    def perform_step(self, step: WorkflowStep, request_serializer) -> Response:
        """Run one workflow step through its service; answer with the claim."""
        claim = self.get_claim_to_change()
        form = request_serializer(data=self.request.data)
        form.is_valid(raise_exception=True)  # before If-Match, as in partial_update
        # The tag is the full claim's: read only when If-Match names one.
        expected = if_match_version(
            self.request,
            required=False,
            etag=lambda: self.current_etag(self.get_claim()),
        )
        claim_perform(
            step.name,
            claim=claim,
            actor=self.request.user,
            expected_version=expected,
            **form.validated_data,
        )
        return self.claim_response(self.get_claim())


def step_endpoint(step: WorkflowStep):
    """The POST endpoint of one row of the workflow table, with its schema."""
    request_serializer = step_request_serializer(step)
    example = {f.name: f.example for f in step.fields if f.example is not None}

    def endpoint(self, request, pk=None):
        return self.perform_step(step, request_serializer)

    endpoint.__name__ = step.name
    endpoint = action(
        detail=True,
        methods=["post"],
        url_path=step.route,
        url_name=f"action-{step.name.replace('_', '-')}",
    )(endpoint)
    # The schema goes on after @action, which would otherwise replace it.
    return extend_schema(
        summary=f"{step.label} (workflow action '{step.name}')",
        description=(
            f"Moves the claim to '{step.target}' through the workflow. "
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
        examples=(
            [OpenApiExample(step.name, value=example, request_only=True)]
            if example
            else []
        ),
    )(endpoint)


def _add_step_endpoints(viewset) -> None:
    for step in WORKFLOW.values():
        if hasattr(viewset, step.name):
            raise TypeError(f"The workflow step {step.name!r} hides a claim endpoint.")
        setattr(viewset, step.name, step_endpoint(step))


# One endpoint per row of the workflow table, as the router finds them on the class.
_add_step_endpoints(ClaimViewSet)
