"""Reads of published verdicts for the public pages, the feed and the exports.

They read verdict versions, never the claim's working fields: what the public
sees is what an editor approved. From the claim only its workflow state is
read, to say that a verdict is under correction (and since when, with the
correction note the reopening editor wrote for the public page).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from claims.models import ClaimStatus
from reviews.approval import Change, changes_between
from reviews.models import Decision, DecisionKind, VerdictVersion


def _in_sentence(label: str) -> str:
    """A part's name inside a sentence: English lowercases it, German nouns keep
    their capital (and Chinese has none)."""
    return label.lower() if (get_language() or "en").startswith("en") else label


# What a list of verdicts shows; the rest (rationale, evidence…) stays unread.
LIST_FIELDS = (
    "id",
    "claim_id",
    "number",
    "text",
    "short_claim",
    "rating",
    "published_at",
)


def current_versions() -> QuerySet[VerdictVersion]:
    """The latest version of every published verdict, the most recent first.

    Annotated with ``claim_status`` (to tell one under correction) and
    ``first_published_at`` (when version 1 was published).
    """
    later = VerdictVersion.objects.filter(
        claim_id=OuterRef("claim_id"), number__gt=OuterRef("number")
    )
    first = VerdictVersion.objects.filter(claim_id=OuterRef("claim_id"), number=1)
    return (
        VerdictVersion.objects.filter(~Exists(later))
        .annotate(
            claim_status=F("claim__status"),
            first_published_at=Subquery(first.values("published_at")[:1]),
        )
        .order_by("-published_at", "-id")
    )


# How far below the newest id the validators count rows. Ids are taken at insert
# and rows become visible at commit, so two publications at once can commit out
# of id order: the later commit leaves the newest id as it was but adds one to
# this count. Publications are editors' acts: far fewer than 100 per commit.
_LATE_COMMIT_WINDOW = 100


def _recent(rows: QuerySet) -> QuerySet:
    """The rows whose ids are within the window below the newest, by the id index."""
    newest = rows.order_by("-id").values("id")[:1]
    return rows.filter(id__gt=Subquery(newest) - _LATE_COMMIT_WINDOW)


def publication_changed_at() -> tuple[datetime | None, str]:
    """When what the public sees last changed, and an entity tag for it.

    Two things change the feed, the exports and the verdict search: a new
    verdict version (an approval; versions are never edited or deleted) and a
    reopening of a published verdict, which puts it under correction with its
    public note (the only step out of 'published'; the steps after it, up to the
    next approval, keep it out). Each is read from the newest rows of an index
    (versions: the primary key and the publication time; reopenings: a partial
    index), one query each, never by scanning every version and decision. The
    tag is exact to the microsecond, where Last-Modified has whole seconds.
    """
    versions = VerdictVersion.objects.all()
    # Ids need not follow publication times (the backfill of reviews 0003, the
    # benchmark's data), so the latest time is the publication-time index's.
    latest = versions.order_by("-published_at").values("published_at")[:1]
    published = _recent(versions).aggregate(
        top=Max("id"), count=Count("id"), last=Max(Subquery(latest))
    )
    reopened = _recent(
        Decision.objects.filter(kind=DecisionKind.REOPEN, is_correction=True)
    ).aggregate(top=Max("id"), count=Count("id"), last=Max("created_at"))
    stamps = [t for t in (published["last"], reopened["last"]) if t is not None]
    changed = max(stamps) if stamps else None
    tag = (
        f"{published['top'] or 0}.{published['count']}."
        f"{reopened['top'] or 0}.{reopened['count']}."
        f"{int(changed.timestamp() * 1_000_000) if changed else 0}"
    )
    return changed, tag


def versions_before(cursor: int | None, queryset: QuerySet) -> QuerySet:
    """Keyset paging in (published_at, id) descending: the rows after ``cursor``."""
    if cursor is None:
        return queryset
    anchor = VerdictVersion.objects.filter(pk=cursor).values("published_at").first()
    if anchor is None:
        return queryset.none()
    at = anchor["published_at"]
    return queryset.filter(Q(published_at__lt=at) | Q(published_at=at, id__lt=cursor))


def is_under_correction(version: VerdictVersion) -> bool:
    return getattr(version, "claim_status", ClaimStatus.PUBLISHED) != (
        ClaimStatus.PUBLISHED
    )


@dataclass(frozen=True)
class Correction:
    """A version after the first, with what changed since the one before."""

    version: VerdictVersion
    previous: VerdictVersion
    changes: list[Change]

    @property
    def rating_changed(self) -> bool:
        return self.version.rating != self.previous.rating

    @property
    def revised(self) -> list[str]:
        """The other parts that changed, in words ("wording", "evidence"…)."""
        rating = _("Rating")
        return [
            _in_sentence(str(c.label))
            for c in self.changes
            if c.changed and str(c.label) != rating
        ]

    def summary(self) -> str:
        """One sentence for JSON-LD and the page: what this correction changed."""
        if self.rating_changed:
            text = _("Rating changed from '%(old)s' to '%(new)s'.") % {
                "old": self.previous.rating_label,
                "new": self.version.rating_label,
            }
        else:
            text = _("The rating '%(rating)s' stands.") % {
                "rating": self.version.rating_label
            }
        if self.revised:
            text += " " + _("Revised: %(parts)s.") % {"parts": ", ".join(self.revised)}
        return text


@dataclass
class PublicVerdict:
    """A published verdict as the public sees it: its versions, newest last."""

    history: list[VerdictVersion]
    under_correction: bool = False
    # While under correction: the reopening (its date and public note).
    reopening: Decision | None = None
    corrections: list[Correction] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.corrections = [
            Correction(version, previous, changes_between(previous, version))
            for previous, version in zip(self.history, self.history[1:], strict=False)
        ]

    @property
    def version(self) -> VerdictVersion:
        return self.history[-1]

    @property
    def pk(self) -> int:
        return self.version.claim_id

    @property
    def first_published_at(self) -> datetime:
        return self.history[0].published_at

    @property
    def published_at(self) -> datetime:
        return self.version.published_at

    @property
    def earlier_versions(self) -> list[VerdictVersion]:
        return self.history[:-1][::-1]


def _public_verdicts(claim_ids: list[int]) -> dict[int, PublicVerdict]:
    """The verdicts of these claims, in two queries (three if any is reopened)."""
    by_claim: dict[int, list[VerdictVersion]] = {}
    status: dict[int, str] = {}
    for version in (
        VerdictVersion.objects.filter(claim_id__in=claim_ids)
        .annotate(claim_status=F("claim__status"))
        .order_by("claim_id", "number")
    ):
        by_claim.setdefault(version.claim_id, []).append(version)
        status[version.claim_id] = version.claim_status
    reopened = [pk for pk, value in status.items() if value != ClaimStatus.PUBLISHED]
    reopenings: dict[int, Decision] = {}
    if reopened:
        for decision in Decision.objects.filter(
            claim_id__in=reopened, kind=DecisionKind.REOPEN, is_correction=True
        ).order_by("created_at", "id"):
            reopenings[decision.claim_id] = decision
    return {
        pk: PublicVerdict(
            history=versions,
            under_correction=status[pk] != ClaimStatus.PUBLISHED,
            reopening=reopenings.get(pk),
        )
        for pk, versions in by_claim.items()
    }


def public_verdict(pk: int) -> PublicVerdict:
    """One published verdict, or 404 (drafts and unpublished claims stay private)."""
    verdict = _public_verdicts([pk]).get(pk)
    if verdict is None:
        raise Http404("No verdict has been published for this claim.")
    return verdict


def public_verdicts(versions: list[VerdictVersion]) -> list[PublicVerdict]:
    """The full verdicts of these current versions, in the same order."""
    found = _public_verdicts([v.claim_id for v in versions])
    return [found[v.claim_id] for v in versions if v.claim_id in found]
