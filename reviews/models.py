"""Review (one reviewer's verdict in one round) and Decision (an editor's act)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models import Claim, Evidence, Verdict


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Review(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    round = models.PositiveIntegerField()
    rating = models.CharField(max_length=16, choices=Verdict.choices)
    rationale = models.TextField()
    confidence = models.CharField(
        max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    cited_evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="cited_by"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "round", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "reviewer", "round"],
                name="review_one_per_reviewer_round",
            ),
            models.CheckConstraint(
                condition=Q(rating__in=Verdict.values), name="review_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values),
                name="review_confidence_valid",
            ),
            models.CheckConstraint(
                condition=~Q(rationale=""), name="review_rationale_required"
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "round"], name="review_claim_round_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} by {self.reviewer} (round {self.round})"


class DecisionKind(models.TextChoices):
    APPROVE = "approve", "Approved"
    RETURN = "return", "Returned for research"
    REOPEN = "reopen", "Reopened"


class Decision(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=DecisionKind.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions"
    )
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The submitted review this decision acts on.",
    )
    note = models.TextField(blank=True, help_text="Required to return or reopen.")
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    previous_verdict = models.CharField(
        max_length=16, choices=Verdict.choices, blank=True
    )
    is_correction = models.BooleanField(
        default=False,
        help_text="Reopens or replaces a verdict that had been published.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="approve") | ~Q(note=""), name="decision_note_required"
            ),
            models.CheckConstraint(
                condition=~Q(kind="approve") | Q(verdict__in=Verdict.values),
                name="decision_approve_has_verdict",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="decision_claim_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.editor} (round {self.round})"
