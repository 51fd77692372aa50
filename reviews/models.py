"""Review (a reviewer's verdict in one round), Decision (an editor's act) and
VerdictVersion (what the public sees, as an editor approved it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from claims.models import (
    SHORT_CLAIM_MAX,
    VERDICT_RATING,
    Claim,
    ClaimantKind,
    Evidence,
    EvidenceStance,
    Verdict,
)
from config.choices import ChoiceLabels
from config.immutable import ImmutableRecord
from config.lazy_text import gettext_lazy as _


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Review(ChoiceLabels, models.Model):
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
        verbose_name = pgettext_lazy("model name", "review")
        verbose_name_plural = pgettext_lazy("model name", "reviews")
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
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned for research")
    REOPEN = "reopen", _("Reopened")


class Decision(ChoiceLabels, models.Model):
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
        help_text=_("The submitted review this decision acts on."),
    )
    note = models.TextField(
        blank=True,
        help_text=_(
            "Required to return or reopen. Internal: never on the public page."
        ),
    )
    public_note = models.TextField(
        blank=True,
        help_text=_("Reopen only: the correction note shown on the public page."),
    )
    published_despite_disagreement = models.BooleanField(
        default=False,
        help_text=_(
            "Approve only: the round's reviews disagreed and the editor "
            "confirmed publishing (the note says why)."
        ),
    )
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    previous_verdict = models.CharField(
        max_length=16, choices=Verdict.choices, blank=True
    )
    is_correction = models.BooleanField(
        default=False,
        help_text=_("Reopens or replaces a verdict that had been published."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "decision")
        verbose_name_plural = pgettext_lazy("model name", "decisions")
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
            models.Index(fields=["claim", "created_at"], name="decision_claim_idx"),
            # The newest reopening of a published verdict, read for the public
            # pages' ETag (reviews.publication) without scanning the decisions.
            models.Index(
                fields=["id"],
                condition=Q(kind="reopen", is_correction=True),
                name="decision_correction_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.editor} (round {self.round})"


class VerdictVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecord("Verdict versions never change; publish a new one.")

    def delete(self):
        raise ImmutableRecord("Verdict versions are never deleted.")


class VerdictVersion(models.Model):
    """One published verdict exactly as the editor approved it; a correction is n+1.

    Written once, at approval, from the claim, the submitted review and its cited
    evidence; every public page, ClaimReview, the feed and the exports read these
    and nothing else, so a draft never reaches them. Rows refuse updates (here
    and by a database trigger, ``reviews.immutable``) and deletion, and the
    ``verdict.published`` audit event carries their ``content_sha256``.
    """

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="verdict_versions"
    )
    number = models.PositiveIntegerField()
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdict_version",
        help_text=_("The approval that published this version."),
    )
    # The claim as approved.
    text = models.TextField()
    topic = models.CharField(max_length=300, blank=True)
    short_claim = models.CharField(max_length=SHORT_CLAIM_MAX, blank=True)
    claimant = models.CharField(max_length=300, blank=True)
    claimant_kind = models.CharField(
        max_length=16, choices=ClaimantKind.choices, default=ClaimantKind.ORGANISATION
    )
    claim_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True)
    # The verdict as approved.
    rating = models.CharField(max_length=16, choices=Verdict.choices)
    rationale = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list, help_text=_("The cited evidence with its sources, as approved.")
    )
    appearances = models.JSONField(
        default=list, help_text=_("Where the claim was made: report, section, quote.")
    )
    reviewers = models.JSONField(
        default=list,
        help_text=_("Who reviewed the round approved, with their ratings."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdict_versions_approved",
    )
    approved_by_name = models.CharField(max_length=300, blank=True)
    correction_note = models.TextField(
        blank=True, help_text=_("Shown with a correction (versions after the first).")
    )
    published_at = models.DateTimeField()
    content_sha256 = models.CharField(max_length=64)

    objects = VerdictVersionQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model name", "verdict version")
        verbose_name_plural = pgettext_lazy("model name", "verdict versions")
        ordering = ["claim_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "number"], name="verdict_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="verdict_version_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=Verdict.values),
                name="verdict_version_rating_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], name="verdict_version_recent_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Claim #{self.claim_id}, verdict version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord("Verdict versions never change; publish a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("Verdict versions are never deleted.")

    @property
    def rating_value(self) -> int | None:
        return VERDICT_RATING.get(self.rating)

    @property
    def rating_label(self) -> str:
        return str(Verdict(self.rating).label)

    @property
    def claim_reviewed(self) -> str:
        """ClaimReview's claimReviewed: the short claim when there is one."""
        return self.short_claim or self.text

    @property
    def is_correction(self) -> bool:
        return self.number > 1

    @property
    def cited(self) -> list[dict]:
        """The cited evidence as approved, each with its stance in words."""
        labels = dict(EvidenceStance.choices)
        return [
            {**e, "stance_label": labels.get(e["stance"], "")} for e in self.evidence
        ]

    @property
    def researchers(self) -> list[str]:
        return [r["name"] for r in self.reviewers if r.get("role") == "researcher"]

    @property
    def second_opinions(self) -> list[str]:
        return [r["name"] for r in self.reviewers if r.get("role") != "researcher"]
