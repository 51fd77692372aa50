"""Writes of reports, claims and evidence; every one records its audit event."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django_fsm import can_proceed

import audit
from audit import context as audit_context
from audit.recorder import changes_between, records_refusal
from claims.duplicates import near_duplicate_pairs
from claims.importer import (
    ParsedReport,
    ReportImportError,
    decode_report,
    parse_report,
)
from claims.models import (
    EDITABLE_STATUSES,
    EVIDENCE_STATUSES,
    Appearance,
    Claim,
    ClaimKind,
    ClaimStatus,
    ClaimTally,
    Evidence,
    EvidenceStance,
    NearDuplicate,
    Report,
)
from claims.permissions import (
    user_can_add_evidence,
    user_can_assign,
    user_can_assign_to_others,
    user_can_edit_claim,
    user_can_import_report,
    user_can_remove_evidence,
)
from claims.reader import stored_html
from claims.selectors import tallies_recounted
from claims.text import SECTION_SEPARATOR, claim_fingerprint
from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_staff_member

CLAIM_EDITABLE_FIELDS = ("text", "topic", "kind")
_TRACKED = (
    "status",
    "assignee_id",
    "verdict",
    "published_at",
    "review_round",
    "not_checkable_reason",
    "text",
    "topic",
    "kind",
)


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    return {field: getattr(claim, field) for field in _TRACKED}


def claim_lock(*, claim: Claim | int, expected_version: int | None = None) -> Claim:
    """Re-read the claim under a row lock; refuse if the caller saw an older version."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    locked = Claim.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            f"This claim was changed by someone else (you saw version {expected_version}, "
            f"it is now version {locked.version}).",
            current_version=locked.version,
        )
    return locked


@dataclass
class TransitionPlan:
    """What a service adds to a transition once its own guards have passed."""

    arguments: dict[str, Any] = field(default_factory=dict)
    audit_data: dict[str, Any] = field(default_factory=dict)


def _transition_label(name: str) -> str:
    return name.replace("_", " ")


def claim_run_transition(
    *,
    claim: Claim | int,
    actor,
    name: str,
    expected_version: int | None = None,
    arguments: dict[str, Any] | None = None,
    prepare: Callable[[Claim], TransitionPlan | None] | None = None,
    comment: str = "",
) -> Claim:
    """Check state, permission and guards, run one declared transition, save, audit.

    Must run inside the caller's transaction. ``prepare(locked)`` checks the guards
    that the model cannot know (it raises to refuse) and may add transition
    arguments and audit data.
    """
    locked = claim_lock(claim=claim, expected_version=expected_version)
    method = getattr(locked, name)
    meta = method._django_fsm
    if not can_proceed(method, check_conditions=False):
        raise WorkflowConflict(
            f"A claim that is {locked.get_status_display().lower()} cannot be "
            f"given '{_transition_label(name)}'."
        )
    if not meta.has_transition_perm(locked, locked.status, actor):
        raise PermissionDenied(f"You may not {_transition_label(name)} this claim.")
    if not can_proceed(method):
        if name == "submit_for_review":
            raise WorkflowConflict(
                "Add at least one piece of evidence before submitting."
            )
        raise WorkflowConflict(f"The conditions for '{name}' are not met.")
    plan = (prepare(locked) if prepare is not None else None) or TransitionPlan()
    before = claim_snapshot(locked)
    method(**{**(arguments or {}), **plan.arguments})
    locked.version += 1
    locked.save()
    tally_claim_moved(
        claim=locked, status=before["status"], verdict=before["verdict"] or ""
    )
    transition = meta.get_transition(before["status"])
    audit.record(
        action=transition.custom["action"],
        actor=actor,
        subject=locked,
        comment=comment,
        data={
            "transition": name,
            "from": before["status"],
            "to": locked.status,
            "changes": changes_between(before, claim_snapshot(locked)),
            **plan.audit_data,
        },
    )
    return locked


def _require_status(claim: Claim, allowed: frozenset, doing: str) -> None:
    """A wrong state is a conflict (409), checked before who is asking (403)."""
    if claim.status not in allowed:
        raise WorkflowConflict(
            f"A claim that is {claim.get_status_display().lower()} cannot {doing}."
        )


def _require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({what: f"A {what} is required."}, code="required")
    return value


def _check_assignee(assignee) -> None:
    if assignee is None or not assignee.is_active or not is_staff_member(assignee):
        raise ValidationError(
            {
                "assignee": "Claims can be assigned only to active researchers or editors."
            }
        )


@records_refusal("claim.start_research")
@transaction.atomic
def claim_start_research(
    *, claim: Claim, actor, assignee=None, expected_version: int | None = None
) -> Claim:
    """A researcher takes the claim, or an editor assigns it to someone."""
    assignee = assignee or actor

    def prepare(locked: Claim) -> TransitionPlan:
        if assignee != actor and not user_can_assign_to_others(actor):
            raise PermissionDenied("Only editors may assign a claim to someone else.")
        _check_assignee(assignee)
        return TransitionPlan(arguments={"assignee": assignee})

    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="start_research",
        expected_version=expected_version,
        prepare=prepare,
    )


@records_refusal("claim.mark_not_checkable")
@transaction.atomic
def claim_mark_not_checkable(
    *, claim: Claim, actor, reason: str, expected_version: int | None = None
) -> Claim:
    reason = _require_text(reason, "reason")
    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="mark_not_checkable",
        expected_version=expected_version,
        arguments={"reason": reason},
        comment=reason,
    )


@records_refusal("claim.assign")
@transaction.atomic
def claim_assign(
    *, claim: Claim, actor, assignee, expected_version: int | None = None
) -> Claim:
    """An editor (re)assigns an open claim without changing its status."""
    locked = claim_lock(claim=claim, expected_version=expected_version)
    _require_status(locked, EDITABLE_STATUSES, "be reassigned (return it first)")
    if not user_can_assign(actor, locked):
        raise PermissionDenied("Only editors may assign open claims.")
    _check_assignee(assignee)
    if locked.assignee_id == assignee.pk:
        return locked
    before = claim_snapshot(locked)
    locked.assignee = assignee
    locked.version += 1
    locked.save()
    audit.record(
        action="claim.assigned",
        actor=actor,
        subject=locked,
        data={"changes": changes_between(before, claim_snapshot(locked))},
    )
    return locked


@records_refusal("claim.change")
@transaction.atomic
def claim_update(
    *, claim: Claim, actor, expected_version: int, changes: dict[str, Any]
) -> Claim:
    """Edit text, topic or kind; an edit based on an old version is refused whole."""
    locked = claim_lock(claim=claim, expected_version=expected_version)
    _require_status(locked, EDITABLE_STATUSES, "be edited (return or reopen it first)")
    if not user_can_edit_claim(actor, locked):
        raise PermissionDenied("You may not edit this claim now.")
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"Fields that cannot be edited: {', '.join(sorted(unknown))}."
        )
    if "text" in changes:
        changes["text"] = _require_text(changes["text"], "text")
    if "kind" in changes and changes["kind"] not in ClaimKind.values:
        raise ValidationError({"kind": f"Unknown kind {changes['kind']!r}."})
    topic_limit = Claim._meta.get_field("topic").max_length
    if len((changes.get("topic") or "").strip()) > topic_limit:
        raise ValidationError({"topic": f"At most {topic_limit} characters."})
    before = claim_snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    diff = changes_between(before, claim_snapshot(locked))
    if not diff:
        return locked
    if "text" in diff:
        locked.fingerprint = claim_fingerprint(locked.text)
    locked.version += 1
    locked.save()
    audit.record(
        action="claim.changed", actor=actor, subject=locked, data={"changes": diff}
    )
    return locked


@records_refusal("evidence.add")
@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    actor,
    source,
    stance: str,
    excerpt: str = "",
    locator: str = "",
) -> Evidence:
    locked = claim_lock(claim=claim)
    _require_status(locked, EVIDENCE_STATUSES, "take new evidence")
    if not user_can_add_evidence(actor, locked):
        raise PermissionDenied("You may not add evidence to this claim now.")
    if stance not in EvidenceStance.values:
        raise ValidationError({"stance": f"Unknown stance {stance!r}."})
    evidence = Evidence.objects.create(
        claim=locked,
        source=source,
        stance=stance,
        excerpt=excerpt.strip(),
        locator=locator.strip(),
        added_by=actor,
    )
    audit.record(
        action="evidence.added",
        actor=actor,
        subject=evidence,
        scope=locked,
        data={
            "source_id": source.pk,
            "source": str(source),
            "stance": stance,
            "excerpt": evidence.excerpt,
            "locator": evidence.locator,
        },
    )
    return evidence


@records_refusal("evidence.remove", subject_kwarg="evidence", scope_attr="claim")
@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor, reason: str = "") -> Evidence:
    """Withdraw evidence; the row stays so that earlier reviews can still cite it."""
    locked = (
        Evidence.objects.select_for_update().select_related("claim").get(pk=evidence.pk)
    )
    _require_status(locked.claim, EVIDENCE_STATUSES, "lose evidence")
    if locked.removed_at is not None:
        raise WorkflowConflict("This evidence was already removed.")
    if not user_can_remove_evidence(actor, locked):
        raise PermissionDenied("You may not remove this evidence.")
    locked.removed_at = timezone.now()
    locked.removed_by = actor
    locked.save(update_fields=["removed_at", "removed_by"])
    audit.record(
        action="evidence.removed",
        actor=actor,
        subject=locked,
        scope=locked.claim,
        comment=reason,
        data={"source_id": locked.source_id, "stance": locked.stance},
    )
    return locked


# --- report import -----------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    report: Report
    created: bool
    claims_created: int = 0
    appearances_added: int = 0
    near_duplicates_flagged: int = 0


def _import_allowed(actor) -> bool:
    if actor is None:
        # Only the system (a management command) imports without a user.
        return bool(audit_context.current().via)
    return user_can_import_report(actor)


def _report_metadata(
    *, title: str, publisher: str, url: str, filename: str, parsed: ParsedReport
) -> dict[str, str]:
    title = (title or "").strip() or parsed.title or PurePath(filename or "").stem
    title = title or "Untitled report"
    if len(title) > 500:
        raise ReportImportError("The title is longer than 500 characters.")
    publisher = (publisher or "").strip()
    if len(publisher) > 300:
        raise ReportImportError("The publisher is longer than 300 characters.")
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ReportImportError(
                f"The URL {url[:200]!r} is not a valid http(s) address."
            ) from None
        if len(url) > 2000:
            raise ReportImportError("The URL is longer than 2000 characters.")
    return {"title": title, "publisher": publisher, "url": url}


@records_refusal("report.import", subject_kwarg="report")
def report_import(
    *,
    actor,
    text: str | bytes,
    title: str = "",
    publisher: str = "",
    url: str = "",
    published_on: date | None = None,
    filename: str = "",
) -> ImportResult:
    """Import a Markdown report: every assertion becomes a claim with its appearances.

    Parsing happens before the transaction (it can take seconds on a large file and
    needs no lock); the writes and their audit events are one transaction.
    """
    if not _import_allowed(actor):
        raise PermissionDenied("Only editors may import reports.")
    body = decode_report(text, max_bytes=settings.IMPORT_MAX_BYTES)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    existing = Report.objects.filter(sha256=digest).first()
    if existing is not None:
        return ImportResult(report=existing, created=False)
    parsed = parse_report(body)
    if not parsed.assertions:
        raise ReportImportError(
            "The file contains no assertions to import (only headings, labels, "
            "code or markup)."
        )
    metadata = _report_metadata(
        title=title, publisher=publisher, url=url, filename=filename, parsed=parsed
    )
    return _report_import_write(
        actor=actor,
        parsed=parsed,
        digest=digest,
        metadata=metadata,
        published_on=published_on,
        filename=filename,
    )


def report_store_html(*, report: Report) -> None:
    """Keep the report's rendered Markdown with it (see ``claims.reader``).

    Derived from the text and the appearances, both written by the import in the
    same transaction; the ``report.imported`` event records them.
    """
    appearances = list(report.appearances.only("id", "start", "end"))
    stored = stored_html(report.text, appearances)
    report.html, report.html_key = stored.html, stored.key
    Report.objects.filter(pk=report.pk).update(html=stored.html, html_key=stored.key)


def _existing_claims(fingerprints: set[str]) -> dict[str, Claim]:
    known: dict[str, Claim] = {}
    ordered = sorted(fingerprints)
    for offset in range(0, len(ordered), 500):
        chunk = ordered[offset : offset + 500]
        # Locked: a claim that changes status while the report is imported would
        # otherwise be counted in the new report's tallies with its old status.
        rows = Claim.objects.filter(fingerprint__in=chunk).order_by("pk")
        for claim in rows.select_for_update():
            known.setdefault(claim.fingerprint, claim)
    return known


@transaction.atomic
def _report_import_write(
    *,
    actor,
    parsed: ParsedReport,
    digest: str,
    metadata: dict[str, str],
    published_on: date | None,
    filename: str,
) -> ImportResult:
    existing = Report.objects.select_for_update().filter(sha256=digest).first()
    if existing is not None:
        return ImportResult(report=existing, created=False)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    report = Report.objects.create(
        text=parsed.text,
        sha256=digest,
        published_on=published_on,
        imported_by=actor,
        **metadata,
    )
    fingerprints = [claim_fingerprint(a.text) for a in parsed.assertions]
    known = _existing_claims(set(fingerprints))
    new_claims: list[Claim] = []
    placements: list[tuple[Claim, str]] = []
    appearances = 0
    for assertion, fingerprint in zip(parsed.assertions, fingerprints, strict=True):
        claim = known.get(fingerprint)
        created = claim is None
        if created:
            claim = Claim.objects.create(
                text=assertion.text,
                fingerprint=fingerprint,
                topic=assertion.topic[:300],
                kind=assertion.kind,
                checkworthiness=assertion.checkworthiness,
            )
            known[fingerprint] = claim
            new_claims.append(claim)
        section = SECTION_SEPARATOR.join(assertion.section_path)[:1000]
        appearance = Appearance.objects.create(
            claim=claim,
            report=report,
            section_path=list(assertion.section_path),
            section=section,
            quote=assertion.quote,
            start=assertion.start,
            end=assertion.end,
            line=assertion.line,
        )
        appearances += 1
        placements.append((claim, section))
        where = {
            "report_id": report.pk,
            "appearance_id": appearance.pk,
            "section": section,
            "line": assertion.line,
            "quote": assertion.quote[:1000],
        }
        if created:
            audit.record(
                action="claim.created",
                actor=actor,
                subject=claim,
                data={
                    **where,
                    "kind": claim.kind,
                    "checkworthiness": claim.checkworthiness,
                    "features": list(assertion.features),
                    "topic": claim.topic,
                },
            )
        else:
            audit.record(
                action="claim.appeared", actor=actor, subject=claim, data=where
            )
    report_store_html(report=report)
    tally_report_imported(report=report, placements=placements, new_claims=new_claims)
    flagged = _flag_near_duplicates(actor=actor, new_claims=new_claims)
    audit.record(
        action="report.imported",
        actor=actor,
        subject=report,
        data={
            "sha256": digest,
            "filename": filename,
            "title": report.title,
            "assertions": len(parsed.assertions),
            "claims_created": len(new_claims),
            "appearances_added": appearances,
            "near_duplicates_flagged": flagged,
        },
    )
    return ImportResult(
        report=report,
        created=True,
        claims_created=len(new_claims),
        appearances_added=appearances,
        near_duplicates_flagged=flagged,
    )


def _flag_near_duplicates(*, actor, new_claims: list[Claim]) -> int:
    """Record each pair of alike claims for an editor; nothing is merged here."""
    if not new_claims:
        return 0
    new_ids = {claim.pk for claim in new_claims}
    existing = (
        (pk, text)
        for pk, text in Claim.objects.values_list("pk", "text").iterator()
        if pk not in new_ids
    )
    pairs = near_duplicate_pairs(
        ((claim.pk, claim.text) for claim in new_claims),
        existing,
        threshold=settings.NEAR_DUPLICATE_THRESHOLD,
    )
    by_id = {claim.pk: claim for claim in new_claims}
    flagged = 0
    for low, high, score in pairs:
        pair, created = NearDuplicate.objects.get_or_create(
            claim_id=low, other_id=high, defaults={"score": score}
        )
        if not created:
            continue
        flagged += 1
        subject = by_id.get(high) or by_id[low]
        audit.record(
            action="claim.near_duplicate_flagged",
            actor=actor,
            subject=subject,
            data={
                "near_duplicate_id": pair.pk,
                "claim_id": low,
                "other_id": high,
                "score": score,
                "threshold": settings.NEAR_DUPLICATE_THRESHOLD,
            },
        )
    return flagged


# --- tallies: stored counts for the dashboard -----------------------------------------


def tally_report_imported(
    *,
    report: Report,
    placements: Iterable[tuple[Claim, str]],
    new_claims: list[Claim],
) -> None:
    """Count a new report's distinct claims per status, as a whole and per section;
    and the claims it adds to the desk."""
    in_report: dict[int, str] = {}
    in_section: dict[str, dict[int, str]] = {}
    for claim, section in placements:
        in_report[claim.pk] = claim.status
        in_section.setdefault(section, {})[claim.pk] = claim.status
    rows = ClaimTally.status_rows(report.pk, None, Counter(in_report.values()))
    for section, claims in in_section.items():
        rows += ClaimTally.status_rows(report.pk, section, Counter(claims.values()))
    ClaimTally.objects.bulk_create(rows)
    if new_claims:
        _tally_add(
            Counter({(ClaimTally.Dimension.STATUS, ClaimStatus.NEW): len(new_claims)})
        )


def tally_claim_moved(*, claim: Claim, status: str, verdict: str) -> None:
    """Move one claim's counts from its former status and verdict to its current ones.

    Runs in the transaction that changed the claim.
    """
    deltas: Counter = Counter()
    if status != claim.status:
        deltas[(ClaimTally.Dimension.STATUS, status)] -= 1
        deltas[(ClaimTally.Dimension.STATUS, claim.status)] += 1
    if verdict != claim.verdict:
        if verdict:
            deltas[(ClaimTally.Dimension.VERDICT, verdict)] -= 1
        if claim.verdict:
            deltas[(ClaimTally.Dimension.VERDICT, claim.verdict)] += 1
    if not deltas:
        return
    places = Q()
    if status != claim.status:
        in_reports = set(
            Appearance.objects.filter(claim_id=claim.pk)
            .order_by()
            .values_list("report_id", "section")
        )
        for report_id in {report_id for report_id, _ in in_reports}:
            places |= Q(report_id=report_id, section_key="")
        for report_id, section in in_reports:
            places |= Q(report_id=report_id, section_key=ClaimTally.key_for(section))
        places &= Q(dimension=ClaimTally.Dimension.STATUS)
    _tally_add(deltas, places=places)


def _tally_add(deltas: Counter, *, places: Q | None = None) -> None:
    """Add ``deltas`` ((dimension, value) → n) to the desk's rows and to the rows of
    the report and section ``places`` that have those values."""
    values = Q()
    for dimension, value in deltas:
        values |= Q(dimension=dimension, value=value)
    rows = ClaimTally.objects.filter(values).filter(
        Q(report__isnull=True) | (places or Q())
    )
    # Locked in primary-key order, so that two transitions touching the same rows
    # in opposite directions queue instead of deadlocking.
    locked = rows.order_by("pk").select_for_update()
    found = list(locked.values_list("pk", "report_id", "dimension", "value"))
    on_desk = {
        (dimension, value) for _pk, report, dimension, value in found if not report
    }
    if len(on_desk) < len(deltas):
        # The migration makes the desk's rows; a flushed database gets them back.
        ClaimTally.objects.bulk_create(
            [
                ClaimTally(report=None, dimension=dimension, value=value)
                for dimension, value in deltas
                if (dimension, value) not in on_desk
            ],
            ignore_conflicts=True,
        )
        found = list(locked.values_list("pk", "report_id", "dimension", "value"))
    change = Case(
        *(
            When(dimension=dimension, value=value, then=Value(delta))
            for (dimension, value), delta in deltas.items()
        ),
        default=Value(0),
    )
    ClaimTally.objects.filter(pk__in=[row[0] for row in found]).update(
        claims=F("claims") + change
    )


def claim_tallies_rebuild(
    *, tally_model=ClaimTally, claim_model=Claim, appearance_model=Appearance
) -> int:
    """Recount every tally from the claims and their appearances; returns the rows.

    The models are parameters so that the migration that introduced the tallies
    can run this over its historical models.
    """
    tally_model.objects.all().delete()
    rows = [
        tally_model(
            report_id=row.report_id,
            section=row.section,
            section_key=row.section_key,
            dimension=row.dimension,
            value=row.value,
            claims=row.claims,
        )
        for row in tallies_recounted(
            claim_model=claim_model, appearance_model=appearance_model
        )
    ]
    tally_model.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)
