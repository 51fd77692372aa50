"""Report import: each assertion of a Markdown report becomes a claim and appearance."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

import audit
from audit import context as audit_context
from audit.recorder import records_refusal
from claims.importer import (
    ParsedAssertion,
    ParsedReport,
    ReportImportError,
    decode_report,
    parse_report,
)
from claims.models import Appearance, Claim, Report
from claims.permissions import user_can_import_report
from claims.reader import stored_html
from claims.services.matching import claims_match
from claims.services.tallies import tally_report_imported
from claims.text import SECTION_SEPARATOR, claim_fingerprint


@dataclass(frozen=True)
class ImportResult:
    report: Report
    created: bool
    claims_created: int = 0
    appearances_added: int = 0
    matches_suggested: int = 0
    # Suggested matches of the new claims with published verdicts.
    verdict_matches: tuple = ()


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
    """Write the parsed report, its claims and appearances, and derive the rest."""
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
    placed = _assertions_place(actor=actor, report=report, parsed=parsed)
    report_store_html(report=report)
    tally_report_imported(
        report=report, placements=placed.placements, new_claims=placed.new_claims
    )
    matched = claims_match(actor=actor, claims=placed.new_claims)
    result = ImportResult(
        report=report,
        created=True,
        claims_created=len(placed.new_claims),
        appearances_added=len(placed.placements),
        matches_suggested=len(matched.suggested),
        verdict_matches=tuple(matched.verdict_matches),
    )
    audit.record(
        action="report.imported",
        actor=actor,
        subject=report,
        data={
            "sha256": digest,
            "filename": filename,
            "title": report.title,
            "assertions": len(parsed.assertions),
            "claims_created": result.claims_created,
            "appearances_added": result.appearances_added,
            "matches_suggested": result.matches_suggested,
        },
    )
    return result


@dataclass
class _Placed:
    """What placing a report's assertions wrote."""

    new_claims: list[Claim] = field(default_factory=list)
    # One (claim, section) per appearance, in the report's order.
    placements: list[tuple[Claim, str]] = field(default_factory=list)


def _assertions_place(*, actor, report: Report, parsed: ParsedReport) -> _Placed:
    """Give every assertion an appearance, on a known claim with the same wording or
    on a new one; each records ``claim.created`` or ``claim.appeared``."""
    fingerprints = [claim_fingerprint(a.text) for a in parsed.assertions]
    known = _existing_claims(set(fingerprints))
    placed = _Placed()
    for assertion, fingerprint in zip(parsed.assertions, fingerprints, strict=True):
        claim = known.get(fingerprint)
        created = claim is None
        if created:
            claim = known[fingerprint] = _claim_create(assertion, fingerprint)
            placed.new_claims.append(claim)
        appearance = _appearance_create(claim=claim, report=report, assertion=assertion)
        placed.placements.append((claim, appearance.section))
        _placement_record(
            actor=actor,
            claim=claim,
            appearance=appearance,
            assertion=assertion,
            created=created,
        )
    return placed


def _placement_record(
    *,
    actor,
    claim: Claim,
    appearance: Appearance,
    assertion: ParsedAssertion,
    created: bool,
) -> None:
    where = {
        "report_id": appearance.report_id,
        "appearance_id": appearance.pk,
        "section": appearance.section,
        "line": assertion.line,
        "quote": assertion.quote[:1000],
    }
    if not created:
        audit.record(action="claim.appeared", actor=actor, subject=claim, data=where)
        return
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


def _claim_create(assertion: ParsedAssertion, fingerprint: str) -> Claim:
    return Claim.objects.create(
        text=assertion.text,
        fingerprint=fingerprint,
        topic=assertion.topic[:300],
        kind=assertion.kind,
        checkworthiness=assertion.checkworthiness,
    )


def _appearance_create(
    *, claim: Claim, report: Report, assertion: ParsedAssertion
) -> Appearance:
    return Appearance.objects.create(
        claim=claim,
        report=report,
        section_path=list(assertion.section_path),
        section=SECTION_SEPARATOR.join(assertion.section_path)[:1000],
        quote=assertion.quote,
        start=assertion.start,
        end=assertion.end,
        line=assertion.line,
    )
