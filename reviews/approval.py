"""What an approval publishes: the would-be verdict version, its diffs, disagreement.

``build_version`` is used both by the approve service (which saves what it
builds) and by the preview the editor reads before approving, so the preview
is the version that will be published; ``content_sha256`` ties the two: the
preview's digest is sent back with the approval, which is refused if the
version has changed in between (HTTP 412).
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimStatus, Evidence
from config.lazy_text import gettext_lazy
from reviews.markdown import plain_text
from reviews.models import Decision, DecisionKind, Review, VerdictVersion
from reviews.permissions import user_can_approve
from sources.models import Snapshot
from sources.selectors import latest_archived_copies

# The content of a version, as the digest covers it (not when or by whom).
CONTENT_FIELDS = (
    "text",
    "topic",
    "short_claim",
    "claimant",
    "claimant_kind",
    "claim_date",
    "language",
    "rating",
    "rationale",
    "evidence",
    "appearances",
    "reviewers",
    "correction_note",
)


def person(user) -> dict:
    """A user as a version names them: the full name, or the user name."""
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def evidence_entry(evidence: Evidence, snapshot: Snapshot | None = None) -> dict:
    """Evidence as a version freezes it, with the archived copy current at approval."""
    source = evidence.source
    return {
        "id": evidence.pk,
        "stance": evidence.stance,
        "excerpt": evidence.excerpt,
        "locator": evidence.locator,
        "source": {
            "id": source.pk,
            "url": source.url,
            "title": source.title,
            "publisher": source.publisher,
            "kind": source.kind,
            "archive_url": source.archive_url,
            "published_on": (
                source.published_on.isoformat() if source.published_on else None
            ),
        },
        "snapshot": (
            {
                "id": snapshot.pk,
                "sha256": snapshot.sha256,
                "retrieved": snapshot.retrieved.isoformat(),
            }
            if snapshot is not None
            else None
        ),
    }


def appearance_entry(appearance) -> dict:
    report = appearance.report
    return {
        "report_id": report.pk,
        "title": report.title,
        "publisher": report.publisher,
        "url": report.url,
        "published_on": (
            report.published_on.isoformat() if report.published_on else None
        ),
        "section": appearance.section,
        "line": appearance.line,
        "quote": appearance.quote,
    }


def content_digest(claim_id: int, number: int, content: dict) -> str:
    """SHA-256 over a version's content, as the audit event and the preview carry it."""
    canonical = json.dumps(
        {"claim_id": claim_id, "number": number, **content},
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def version_content(version: VerdictVersion) -> dict:
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def round_reviews(claim: Claim) -> list[Review]:
    """The reviews of the claim's current round, oldest first, with their evidence."""
    return list(
        Review.objects.filter(claim=claim, round=claim.review_round)
        .select_related("reviewer")
        .prefetch_related("cited_evidence__source")
        .order_by("submitted_at", "id")
    )


@dataclass(frozen=True)
class Disagreement:
    """The ratings of a round whose reviews do not agree: (reviewer, rating label)."""

    ratings: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return ", ".join(f"{label} ({name})" for name, label in self.ratings)


def disagreement_in(reviews: list[Review]) -> Disagreement | None:
    if len({review.rating for review in reviews}) < 2:
        return None
    return Disagreement(
        tuple(
            (person(review.reviewer)["name"], review.get_rating_display())
            for review in reviews
        )
    )


def latest_version(claim: Claim) -> VerdictVersion | None:
    return VerdictVersion.objects.filter(claim=claim).order_by("-number").first()


def pending_correction(claim: Claim) -> Decision | None:
    """The reopening that made the claim a correction, if it is under correction."""
    if not claim.is_under_correction:
        return None
    return (
        Decision.objects.filter(
            claim=claim, kind=DecisionKind.REOPEN, is_correction=True
        )
        .order_by("-created_at", "-id")
        .first()
    )


def build_version(
    claim: Claim,
    *,
    review: Review,
    reviews: list[Review],
    editor,
    previous: VerdictVersion | None,
) -> VerdictVersion:
    """The version approving ``review`` would publish (unsaved, no date yet)."""
    number = previous.number + 1 if previous is not None else 1
    correction = pending_correction(claim) if previous is not None else None
    cited = sorted(
        (e for e in review.cited_evidence.all() if e.removed_at is None),
        key=lambda e: (e.added_at, e.pk),
    )
    copies = latest_archived_copies(e.source_id for e in cited)
    appearances = claim.appearances.select_related("report").order_by(
        "report_id", "start"
    )
    version = VerdictVersion(
        claim=claim,
        number=number,
        text=claim.text,
        topic=claim.topic,
        short_claim=claim.short_claim,
        claimant=claim.claimant,
        claimant_kind=claim.claimant_kind,
        claim_date=claim.claim_date,
        language=claim.language,
        rating=review.rating,
        rationale=review.rationale,
        evidence=[evidence_entry(e, copies.get(e.source_id)) for e in cited],
        appearances=[appearance_entry(a) for a in appearances],
        reviewers=[
            {
                **person(r.reviewer),
                "rating": r.rating,
                "role": "researcher" if r.pk == review.pk else "second opinion",
            }
            for r in reviews
        ],
        approved_by=editor,
        approved_by_name=person(editor)["name"],
        correction_note=correction.public_note if correction is not None else "",
    )
    version.content_sha256 = content_digest(claim.pk, number, version_content(version))
    return version


# --- the preview ------------------------------------------------------------------

_WORDS = re.compile(r"\s+|\S+\s*")  # a word with the space after it


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` → ``new`` as ("same" | "del" | "ins", words) segments."""
    before, after = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            segments.append(("del", "".join(before[a1:a2])))
        if b2 > b1:
            segments.append(("ins", "".join(after[b1:b2])))
    return segments


@dataclass(frozen=True)
class Change:
    """One part of the version against the previous one, or against the report."""

    label: str  # lazy: a correction's summary may be read in English (JSON-LD)
    changed: bool
    segments: list[tuple[str, str]] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    kept: list[dict] = field(default_factory=list)


def _text_change(label: str, old: str, new: str) -> Change:
    return Change(label, old != new, word_diff(old, new))


def _evidence_key(entry: dict) -> tuple:
    return (entry["source"]["url"], entry["stance"], entry["excerpt"], entry["locator"])


def evidence_change(old: list[dict], new: list[dict]) -> Change:
    before = {_evidence_key(e): e for e in old}
    after = {_evidence_key(e): e for e in new}
    return Change(
        gettext_lazy("Evidence"),
        before.keys() != after.keys(),
        added=[e for k, e in after.items() if k not in before],
        removed=[e for k, e in before.items() if k not in after],
        kept=[e for k, e in after.items() if k in before],
    )


def changes_between(
    previous: VerdictVersion | None, version: VerdictVersion
) -> list[Change]:
    """What a reader will see change: wording, rating, rationale, evidence, facts."""
    old = previous if previous is not None else VerdictVersion()
    changes = [
        _text_change(gettext_lazy("Wording"), old.text, version.text),
        _text_change(
            gettext_lazy("Rating"),
            old.rating_label if old.rating else "",
            version.rating_label,
        ),
        _text_change(gettext_lazy("Rationale"), old.rationale, version.rationale),
        evidence_change(old.evidence or [], version.evidence),
        _text_change(gettext_lazy("Short claim"), old.short_claim, version.short_claim),
        _text_change(gettext_lazy("Topic"), old.topic, version.topic),
        _text_change(gettext_lazy("Claimant"), old.claimant, version.claimant),
        _text_change(
            gettext_lazy("Claim date"),
            old.claim_date.isoformat() if old.claim_date else "",
            version.claim_date.isoformat() if version.claim_date else "",
        ),
        _text_change(gettext_lazy("Language"), old.language, version.language),
    ]
    return changes


@dataclass(frozen=True)
class QuoteDiff:
    """The approved wording against the words of one appearance in its report."""

    appearance: dict
    segments: list[tuple[str, str]]
    changed: bool


def quote_diffs(version: VerdictVersion) -> list[QuoteDiff]:
    diffs = []
    for appearance in version.appearances:
        quote = plain_text(appearance["quote"])
        diffs.append(
            QuoteDiff(
                appearance,
                word_diff(quote, version.text),
                quote.strip() != version.text.strip(),
            )
        )
    return diffs


@dataclass
class ApprovalPreview:
    """The public page the approval would publish, and what the editor must know."""

    claim: Claim
    version: VerdictVersion | None
    previous: VerdictVersion | None
    changes: list[Change]
    quotes: list[QuoteDiff]
    disagreement: Disagreement | None
    refusal: str  # why this editor cannot approve now; "" when they can

    @property
    def digest(self) -> str:
        return self.version.content_sha256 if self.version is not None else ""


def approval_preview(claim: Claim, editor) -> ApprovalPreview:
    """The would-be version of ``claim`` if ``editor`` approved its submitted review."""
    previous = latest_version(claim)
    if claim.status != ClaimStatus.IN_REVIEW:
        # Nothing is put to the editor: no would-be version to show.
        refusal = _("A claim that is %(status)s cannot be approved.") % {
            "status": claim.get_status_display().lower()
        }
        return ApprovalPreview(claim, None, previous, [], [], None, refusal)
    reviews = round_reviews(claim)
    review = next((r for r in reviews if r.reviewer_id == claim.assignee_id), None)
    refusal = ""
    if review is None:
        refusal = _("The assignee has not submitted a review in this round.")
    elif not user_can_approve(editor, claim, review):
        refusal = _(
            "Four eyes: a verdict must be approved by an editor who did not write it."
        )
    elif not any(e.removed_at is None for e in review.cited_evidence.all()):
        refusal = _("The verdict must cite at least one piece of evidence.")
    if review is None:
        return ApprovalPreview(claim, None, previous, [], [], None, refusal)
    version = build_version(
        claim, review=review, reviews=reviews, editor=editor, previous=previous
    )
    return ApprovalPreview(
        claim=claim,
        version=version,
        previous=previous,
        changes=changes_between(previous, version),
        quotes=quote_diffs(version),
        disagreement=disagreement_in(reviews),
        refusal=refusal,
    )
