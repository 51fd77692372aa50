"""Reports, claims and their workflow, appearances, evidence, matches, tallies."""

import hashlib
from collections.abc import Mapping

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from claims import permissions
from claims.triage.model import Scorer
from config.choices import ChoiceLabels
from config.lazy_text import gettext_lazy as _


class ClaimStatus(models.TextChoices):
    NEW = "new", _("New")
    RESEARCHING = "researching", _("Researching")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    NOT_CHECKABLE = "not_checkable", _("Not checkable")
    # Closed as a restatement of an older claim (``merged_into``); set by the
    # merge in ``claims.services.matching``, not by a workflow step.
    MERGED = "merged", _("Merged")


# Statuses in which the claim's text and assignee may change (a claim in review is
# returned first, a published one reopened), and in which evidence may change.
EDITABLE_STATUSES = frozenset({ClaimStatus.NEW, ClaimStatus.RESEARCHING})
EVIDENCE_STATUSES = frozenset(
    {ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW}
)
# Work still to do: a due date means something only for these.
OPEN_STATUSES = EVIDENCE_STATUSES
# The statuses the desk counts (dashboard, reports' rows): a merged claim lives
# on in the claim it joined, and its appearances moved there.
DESK_STATUSES = tuple(s for s in ClaimStatus.values if s != ClaimStatus.MERGED)


class ClaimKind(models.TextChoices):
    """What a claim asserts (docs/importer.md, "Kinds"; ``claims.triage.kinds``)."""

    STATISTIC = "statistic", _("Statistic")
    COMPARISON = "comparison", _("Comparison")
    ATTRIBUTION = "attribution", _("Attribution")
    EVENT = "event", _("Event")
    RULE = "rule", _("Rule")
    PREDICTION = "prediction", _("Prediction")
    OPINION = "opinion", _("Opinion")
    # The importer keeps such passages as appearances without a claim; a claim of
    # this kind was recorded before that, or an editor judged it so.
    NOT_A_CLAIM = "not_a_claim", _("Not a claim")


class NotAClaim(models.TextChoices):
    """Why a passage of a report is an appearance of no claim."""

    HEADING = "heading", _("Heading")
    BYLINE = "byline", _("Byline or boilerplate")
    LEAD_IN = "lead_in", _("Lead-in to a list")
    QUESTION = "question", _("Question")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class ClaimantKind(models.TextChoices):
    """Who made a claim; ClaimReview names a Person or an Organization as author."""

    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


# The claim's language: a BCP 47 tag such as "en", "zh-Hans" or "pt-BR".
LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
# Search engines show at most this much of ClaimReview's claimReviewed.
SHORT_CLAIM_MAX = 75


class Verdict(models.TextChoices):
    TRUE = "true", _("True")
    MOSTLY_TRUE = "mostly_true", _("Mostly true")
    HALF_TRUE = "half_true", _("Half true")
    MISLEADING = "misleading", _("Misleading")
    MOSTLY_FALSE = "mostly_false", _("Mostly false")
    FALSE = "false", _("False")
    UNPROVEN = "unproven", _("Unproven")


# ClaimReview ratingValue on a 1-6 scale; Unproven carries none.
VERDICT_RATING = {
    Verdict.TRUE: 6,
    Verdict.MOSTLY_TRUE: 5,
    Verdict.HALF_TRUE: 4,
    Verdict.MISLEADING: 3,
    Verdict.MOSTLY_FALSE: 2,
    Verdict.FALSE: 1,
    Verdict.UNPROVEN: None,
}


class ReportFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    PDF = "pdf", _("PDF")
    HTML = "html", _("HTML")
    DOCX = "docx", _("Word")


class Report(ChoiceLabels, models.Model):
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    text = models.TextField()
    sha256 = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports_imported",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    # Derived at import from the text and the appearances, which never change
    # after it: the reader uses it instead of parsing the Markdown per request.
    html = models.TextField(blank=True, editable=False)
    html_key = models.CharField(max_length=64, blank=True, editable=False)
    # The file as it was uploaded (Markdown, PDF, HTML or DOCX), kept in the default
    # storage; ``sha256`` is of these bytes and ``text`` is the Markdown made of them.
    format = models.CharField(
        max_length=16, choices=ReportFormat.choices, default=ReportFormat.MARKDOWN
    )
    original = models.FileField(upload_to="reports/", blank=True, editable=False)
    author = models.CharField(max_length=300, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        # "model name": the templates translate "report", "claim"... as counted
        # nouns (份报告, 条声明), which the admin's titles must not borrow.
        verbose_name = pgettext_lazy("model name", "report")
        verbose_name_plural = pgettext_lazy("model name", "reports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.title


class TriageModel(models.Model):
    """One version of the check-worthiness model: what new imports are scored with.

    Written only by ``claims.services.triage`` (installed from the shipped base
    model, refitted on the desk's decisions, rolled back), each write audited.
    The newest version not rolled back is the current one.
    """

    class Source(models.TextChoices):
        BASE = "base", _("Shipped base set")
        DESK = "desk", _("Base set and the desk's decisions")

    version = models.PositiveIntegerField(unique=True)
    source = models.CharField(max_length=8, choices=Source.choices)
    intercept = models.FloatField()
    weights = models.JSONField(help_text=_("Feature name → weight (log-odds)."))
    means = models.JSONField(help_text=_("Feature name → share of training sentences."))
    cv_auc = models.FloatField(help_text=_("Cross-validated ROC AUC of the fit."))
    base_examples = models.PositiveIntegerField(default=0)
    decisions = models.PositiveIntegerField(
        default=0, help_text=_("Desk decisions it was fitted on.")
    )
    decisions_taken = models.PositiveIntegerField(
        default=0, help_text=_("Of which taken into research or published.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("model name", "triage model")
        verbose_name_plural = pgettext_lazy("model name", "triage models")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(version__gte=1), name="triage_model_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["base", "desk"]),
                name="triage_model_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Triage model v{self.version} ({self.get_source_display()})"

    def scorer(self) -> Scorer:
        return Scorer(
            intercept=self.intercept,
            weights=self.weights,
            means=self.means,
            version=self.version,
        )


# The fields a researcher edits while the claim is open; the publication facts
# (short claim, claimant, claim date, language) go into the verdict's version.
CLAIM_EDITABLE_FIELDS = (
    "text",
    "topic",
    "kind",
    "short_claim",
    "claimant",
    "claimant_kind",
    "claim_date",
    "language",
)


class Claim(ChoiceLabels, ConcurrentTransitionMixin, models.Model):
    text = models.TextField(
        help_text=_("The assertion as one self-contained sentence.")
    )
    fingerprint = models.CharField(
        max_length=64, db_index=True, help_text=_("SHA-256 of the normalised text.")
    )
    topic = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=16, choices=ClaimKind.choices, default=ClaimKind.EVENT
    )
    short_claim = models.CharField(
        max_length=SHORT_CLAIM_MAX,
        blank=True,
        help_text=format_lazy(
            _(
                "The claim in a few words, as search results show it "
                "(at most {count} characters); the full wording otherwise."
            ),
            count=SHORT_CLAIM_MAX,
        ),
    )
    claimant = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Who made the claim, if not the publisher of the report."),
    )
    claimant_kind = models.CharField(
        max_length=16,
        choices=ClaimantKind.choices,
        default=ClaimantKind.ORGANISATION,
    )
    claim_date = models.DateField(
        null=True, blank=True, help_text=_("When the claim was made.")
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[RegexValidator(LANGUAGE_TAG, _("Give a language tag such as en."))],
        help_text=_("The language of the claim as a tag such as en, zh-Hans, pt-BR."),
    )
    checkworthiness = models.FloatField(default=0.0)
    # What scored it: the model version and the features it found, so that a
    # ranking can be explained later (the claim page names the strongest).
    triage_model = models.ForeignKey(
        TriageModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    triage_features = models.JSONField(default=list, blank=True)
    context = models.TextField(
        blank=True,
        help_text=_(
            "The sentence it leans on: the one before a sentence that refers "
            "back, or the lead-in of its list."
        ),
    )
    status = FSMField(
        max_length=16,
        choices=ClaimStatus.choices,
        default=ClaimStatus.NEW,
        protected=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_assigned",
    )
    review_round = models.PositiveIntegerField(default=1)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    not_checkable_reason = models.TextField(blank=True)
    due_on = models.DateField(
        null=True, blank=True, db_index=True, help_text=_("Set by an editor.")
    )
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.NORMAL
    )
    version = models.PositiveIntegerField(default=1)
    # Set when an editor confirmed this claim as a restatement of an older one:
    # its appearances moved there and it stays, closed, as "merged into #N".
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_claims",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "claim")
        verbose_name_plural = pgettext_lazy("model name", "claims")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(verdict__in=Verdict.values),
                name="claim_verdict_valid",
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_0_1",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | ~Q(verdict=""),
                name="claim_published_has_verdict",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="claim_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="claim_priority_valid"
            ),
            models.CheckConstraint(
                condition=Q(claimant_kind__in=ClaimantKind.values),
                name="claim_claimant_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "id"], name="claim_status_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_idx"),
            models.Index(fields=["verdict", "id"], name="claim_verdict_idx"),
            models.Index(fields=["kind", "id"], name="claim_kind_idx"),
            models.Index(fields=["-checkworthiness", "id"], name="claim_score_idx"),
            models.Index(
                fields=["status", "updated_at"], name="claim_status_updated_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 120 else self.text[:117] + "…"

    # --- guards (conditions) -------------------------------------------------

    def has_evidence(self) -> bool:
        return self.evidence.filter(removed_at__isnull=True).exists()

    # --- the workflow, declared once -----------------------------------------
    # Transition bodies only change fields; services check the extra guards, save
    # and record the audit event (``custom["action"]``) in one transaction. How
    # each step is run (its service, inputs, API route, audit message) is its row
    # in ``reviews.workflow.WORKFLOW``.

    @transition(
        field=status,
        source=ClaimStatus.NEW,
        target=ClaimStatus.RESEARCHING,
        permission=permissions.user_can_start_research,
        custom={"action": "claim.research_started"},
    )
    def start_research(self, *, assignee) -> None:
        self.assignee = assignee

    @transition(
        field=status,
        source=ClaimStatus.NEW,
        target=ClaimStatus.NOT_CHECKABLE,
        permission=permissions.user_can_mark_not_checkable,
        custom={"action": "claim.marked_not_checkable"},
    )
    def mark_not_checkable(self, *, reason: str) -> None:
        self.not_checkable_reason = reason

    @transition(
        field=status,
        source=ClaimStatus.RESEARCHING,
        target=ClaimStatus.IN_REVIEW,
        conditions=[has_evidence],
        permission=permissions.user_can_submit_for_review,
        custom={
            "action": "claim.submitted_for_review",
            # What the user is told when the conditions are not met.
            "unmet": _("Add at least one piece of evidence before submitting."),
        },
    )
    def submit_for_review(self) -> None:
        pass

    @transition(
        field=status,
        source=ClaimStatus.RESEARCHING,
        target=ClaimStatus.NEW,
        permission=permissions.user_can_release,
        custom={"action": "claim.released"},
    )
    def release(self) -> None:
        self.assignee = None

    @transition(
        field=status,
        source=ClaimStatus.IN_REVIEW,
        target=ClaimStatus.RESEARCHING,
        permission=permissions.user_can_decide,
        custom={"action": "claim.returned_for_research"},
    )
    def return_for_research(self) -> None:
        self.review_round += 1

    @transition(
        field=status,
        source=ClaimStatus.IN_REVIEW,
        target=ClaimStatus.PUBLISHED,
        permission=permissions.user_can_decide,
        custom={"action": "claim.approved"},
    )
    def approve(self, *, verdict: str, at) -> None:
        self.verdict = verdict
        self.published_at = at
        if self.first_published_at is None:
            self.first_published_at = at

    @transition(
        field=status,
        source=[ClaimStatus.PUBLISHED, ClaimStatus.NOT_CHECKABLE],
        target=ClaimStatus.RESEARCHING,
        permission=permissions.user_can_decide,
        custom={"action": "claim.reopened"},
    )
    def reopen(self) -> None:
        # The last published verdict stays visible, marked as under correction,
        # until a new verdict is approved.
        self.review_round += 1
        self.not_checkable_reason = ""

    @property
    def is_editable(self) -> bool:
        """Whether its text and assignee may change in this status."""
        return self.status in EDITABLE_STATUSES

    @property
    def takes_evidence(self) -> bool:
        """Whether evidence may be added or removed in this status."""
        return self.status in EVIDENCE_STATUSES

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return (
            self.due_on is not None
            and self.status in OPEN_STATUSES
            and self.due_on < timezone.localdate()
        )

    @property
    def is_under_correction(self) -> bool:
        return bool(self.verdict) and self.status != ClaimStatus.PUBLISHED

    @property
    def rating_value(self) -> int | None:
        return VERDICT_RATING.get(self.verdict) if self.verdict else None


class Appearance(models.Model):
    """Where a claim appears in a report, or a passage that is not a claim (a
    heading, byline, lead-in or question: no claim, ``not_a_claim`` says why)."""

    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appearances",
    )
    not_a_claim = models.CharField(max_length=16, choices=NotAClaim.choices, blank=True)
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="appearances"
    )
    section_path = models.JSONField(
        default=list, help_text=_("The heading chain, outermost first.")
    )
    section = models.CharField(max_length=1000, blank=True, db_index=True)
    quote = models.TextField(help_text=_("Exactly report.text[start:end]."))
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    line = models.PositiveIntegerField()
    page = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The page of the original PDF.")
    )

    class Meta:
        verbose_name = pgettext_lazy("model name", "appearance")
        verbose_name_plural = pgettext_lazy("model name", "appearances")
        ordering = ["report_id", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appearance_span"
            ),
            models.UniqueConstraint(
                fields=["report", "start"], name="appearance_unique_start"
            ),
            models.CheckConstraint(
                condition=(Q(claim__isnull=False) & Q(not_a_claim=""))
                | (Q(claim__isnull=True) & Q(not_a_claim__in=NotAClaim.values)),
                name="appearance_claim_or_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "report"], name="appearance_claim_idx")
        ]

    def __str__(self) -> str:
        return f"{self.report} line {self.line}"


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    REFUTES = "refutes", _("Refutes")
    CONTEXT = "context", _("Context")


class Evidence(ChoiceLabels, models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="evidence"
    )
    stance = models.CharField(max_length=16, choices=EvidenceStance.choices)
    excerpt = models.TextField(blank=True)
    locator = models.CharField(
        max_length=300, blank=True, help_text=_("Page, section or table.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_added",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_removed",
    )

    class Meta:
        verbose_name = pgettext_lazy("model name", "evidence")
        # One English word for both: the context lets German say Beleg / Belege.
        verbose_name_plural = pgettext_lazy("model name, plural", "evidence")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values),
                name="evidence_stance_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "removed_at"], name="evidence_claim_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"


class MatchSource(models.TextChoices):
    SAME_REPORT = "same_report", _("Same report")
    OTHER_REPORT = "other_report", _("Other report")
    PUBLISHED_VERDICT = "published_verdict", _("Published verdict")
    EXTERNAL = "external", _("External fact-check")


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    SAME = "same", _("Same claim")
    DISTINCT = "distinct", _("Distinct claims")
    # Not an editor's judgement of the pair: one of its claims was merged into
    # another, which took the suggestion over (docs/matching.md, "Resolution").
    CLOSED = "closed", _("Closed (claim merged)")


class ExternalFactCheck(models.Model):
    """A ClaimReview published by another fact-checker, imported from a file
    (``manage.py import_claimreviews``, the admin; ``claims.claimreviews``)."""

    publisher = models.CharField(max_length=300)
    url = models.URLField(max_length=2000)
    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    # reviewRating: its alternateName (the publisher's words) and ratingValue.
    rating = models.CharField(max_length=300, blank=True)
    rating_value = models.IntegerField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    # SHA-256 of the URL and the claim: one page may review several claims, and
    # importing the same file twice adds nothing.
    key = models.CharField(max_length=64, unique=True)
    imported_from = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "external fact-check")
        verbose_name_plural = pgettext_lazy("model name", "external fact-checks")
        ordering = ["-review_date", "id"]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.claim_reviewed[:100]}"

    @staticmethod
    def key_for(url: str, claim_reviewed: str) -> str:
        return hashlib.sha256(f"{url}\n{claim_reviewed}".encode()).hexdigest()


class MatchDecision(ChoiceLabels, models.Model):
    """What the desk made of a suggested match: an editor's resolution, and until
    then a researcher's proposal (``claims.services.matching``)."""

    status = models.CharField(
        max_length=16, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED
    )
    proposed_status = models.CharField(
        max_length=16, choices=MatchStatus.choices, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ExternalMatch(MatchDecision):
    """A claim that may be what an external fact-check reviewed (``source``
    "external" in the matches panel and API). Resolved by an editor as ``same``
    (it is: the claim is not merged, the fact-check is kept with it) or
    ``distinct``. A researcher's proposal is kept until then."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="external_matches"
    )
    fact_check = models.ForeignKey(
        ExternalFactCheck, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField()
    features = models.JSONField(default=dict, blank=True)

    source = MatchSource.EXTERNAL

    class Meta:
        verbose_name = pgettext_lazy("model name", "external match")
        verbose_name_plural = pgettext_lazy("model name", "external matches")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "fact_check"], name="external_match_pair"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MatchStatus.values),
                name="external_match_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "claim"], name="external_match_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} ~ external {self.fact_check_id} ({self.score:.0f})"

    def get_source_display(self) -> str:
        return MatchSource.EXTERNAL.label


class ClaimMatch(MatchDecision):
    """Two claims that may be one assertion in other words (``claims.matching``).

    Suggested by the matcher, resolved by an editor: ``same`` merges the newer
    claim (``other``) into the older (``claim``); ``distinct`` keeps the pair
    from ever being suggested again. A researcher's proposal is kept until then.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    other = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="matched_by"
    )
    score = models.FloatField()
    features = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=24, choices=MatchSource.choices)

    class Meta:
        verbose_name = pgettext_lazy("model name", "claim match")
        verbose_name_plural = pgettext_lazy("model name", "claim matches")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="claim_match_pair"),
            models.CheckConstraint(
                condition=Q(claim__lt=models.F("other")), name="claim_match_order"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MatchStatus.values),
                name="claim_match_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=MatchSource.values),
                name="claim_match_source_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "claim"], name="claim_match_claim_idx"),
            models.Index(fields=["status", "other"], name="claim_match_other_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} ~ #{self.other_id} ({self.score:.0f})"

    def counterpart(self, claim_id: int) -> int:
        """The id of the pair's other claim, seen from ``claim_id``."""
        return self.other_id if claim_id == self.claim_id else self.claim_id


class ClaimTally(models.Model):
    """How many distinct claims have one status (or verdict) on the desk, in a
    report, or in a section of a report.

    Derived data, kept in the same transaction as the change it counts by
    ``claims.tallies`` (report import and ``claim_run_transition``, the only
    writers of appearances and of a claim's status and verdict), so that the
    dashboard reads a few rows instead of aggregating every appearance.
    ``manage.py rebuild_tallies`` recomputes them from the claims.
    """

    class Dimension(models.TextChoices):
        STATUS = "status", _("Status")
        VERDICT = "verdict", _("Verdict")

    # No report: the whole desk. A report and no section: the report as a whole.
    report = models.ForeignKey(
        Report, null=True, on_delete=models.CASCADE, related_name="tallies"
    )
    # A digest, because a unique index over a 1,000-character section is too wide.
    section_key = models.CharField(max_length=40, blank=True)
    section = models.CharField(max_length=1000, blank=True)
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    value = models.CharField(max_length=16)
    # Not unsigned: a count that drifted must not stop the transition it follows.
    claims = models.IntegerField(default=0)

    class Meta:
        verbose_name = pgettext_lazy("model name", "claim tally")
        verbose_name_plural = pgettext_lazy("model name", "claim tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section_key", "dimension", "value"],
                name="tally_unique_in_report",
            ),
            models.UniqueConstraint(
                fields=["dimension", "value"],
                condition=Q(report__isnull=True),
                name="tally_unique_on_desk",
            ),
        ]

    def __str__(self) -> str:
        where = self.section or (
            f"report {self.report_id}" if self.report_id else "desk"
        )
        return f"{where}: {self.claims} {self.dimension} {self.value}"

    @staticmethod
    def key_for(section: str | None) -> str:
        """The key of a report's own rows (None: "") or of one of its sections.

        A section's key is a digest of its heading path; the report's opening,
        before any heading, is the section "" and has a digest like the others.
        """
        if section is None:
            return ""
        return hashlib.sha1(section.encode(), usedforsecurity=False).hexdigest()

    @classmethod
    def status_rows(
        cls, report_id: int | None, section: str | None, counts: Mapping[str, int]
    ) -> list["ClaimTally"]:
        """Unsaved rows, one per status, of a report (section None) or a section."""
        return [
            cls(
                report_id=report_id,
                section=section or "",
                section_key=cls.key_for(section),
                dimension=cls.Dimension.STATUS,
                value=status,
                claims=counts.get(status, 0),
            )
            for status in ClaimStatus.values
        ]


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(ChoiceLabels, models.Model):
    """A report import run in the background (a file above
    ``IMPORT_BACKGROUND_BYTES``): the upload waits in the default storage for the
    task ``claims.tasks.run_import_job``, which lands the report whole or not at all."""

    status = models.CharField(
        max_length=16,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.QUEUED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    upload = models.FileField(upload_to="imports/", blank=True, editable=False)
    filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    # What the import form said about the report.
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # Progress: the step under way ("reading", "writing", "matching") and how many
    # of how many (lines read; assertions found).
    step = models.CharField(max_length=16, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    # The import's result (claims_created, appearances_added, not_claims, created).
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "import job")
        verbose_name_plural = pgettext_lazy("model name", "import jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportJobStatus.values),
                name="import_job_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Import job #{self.pk} ({self.filename or 'pasted text'})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ImportJobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
