"""Report import: each assertion of a report becomes a claim and appearance.

A PDF, HTML or Word file is first converted to Markdown (``claims.formats``); the
original bytes are hashed and kept in the default storage.
"""

import hashlib
import pickle
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

import audit
from audit import context as audit_context
from audit.inserts import Rows, json_value
from audit.recorder import records_refusal
from claims.formats import Converted, convert_report
from claims.importer import (
    ParsedAssertion,
    ParsedPart,
    ParsedPassage,
    ReportImportError,
    ReportParser,
)
from claims.models import Appearance, Claim, Report, TriageModel
from claims.permissions import user_can_import_report
from claims.reader import PART_CHARS, stored_html
from claims.selectors import triage_scorer
from claims.services.matching import MatchOutcome, claims_match
from claims.services.tallies import tally_report_imported
from claims.services.triage import triage_model_install_base
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
    # Passages kept as appearances of no claim (headings, bylines, lead-ins,
    # questions); not counted in appearances_added.
    not_claims: int = 0
    # Matching the new claims was left to its own task (a background import).
    matching_deferred: bool = False


def _import_allowed(actor) -> bool:
    if actor is None:
        # Only the system (a management command) imports without a user.
        return bool(audit_context.current().via)
    return user_can_import_report(actor)


def _report_metadata(
    *,
    title: str,
    publisher: str,
    url: str,
    filename: str,
    parsed: "_Parsed",
    converted: Converted,
) -> dict[str, str]:
    title = (
        (title or "").strip()
        or parsed.title
        or converted.title
        or PurePath(filename or "").stem
    )
    title = title or "Untitled report"
    if len(title) > 500:
        raise ReportImportError(_("The title is longer than 500 characters."))
    publisher = (publisher or "").strip()
    if len(publisher) > 300:
        raise ReportImportError(_("The publisher is longer than 300 characters."))
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ReportImportError(
                _("The URL %(url)r is not a valid http(s) address.")
                % {"url": url[:200]}
            ) from None
        if len(url) > 2000:
            raise ReportImportError(_("The URL is longer than 2000 characters."))
    return {
        "title": title,
        "publisher": publisher,
        "url": url,
        "author": converted.author[:300],
    }


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
    match_now: bool = True,
    progress=None,
) -> ImportResult:
    """Import a report (Markdown, PDF, HTML or DOCX, told apart by content): every
    assertion becomes a claim with its appearances.

    ``sha256`` is of the original bytes (a str is taken as its UTF-8 bytes), so the
    same file imported twice creates nothing. Converting and parsing happen before
    the transaction (they can take seconds on a large file and need no lock); the
    writes, the stored original and their audit events are one unit.

    ``match_now=False`` leaves matching the new claims with the others to
    ``report_claims_match`` (a background import runs it as its own task);
    ``progress(step, done, total)`` is told how far reading ("reading": lines) and
    writing ("writing": assertions) are.
    """
    if not _import_allowed(actor):
        raise PermissionDenied(_("Only editors may import reports."))
    original = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    converted = convert_report(
        text,
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_pages=settings.IMPORT_MAX_PAGES,
    )
    digest = hashlib.sha256(original).hexdigest()
    existing = Report.objects.filter(sha256=digest).first()
    if existing is not None:
        return ImportResult(report=existing, created=False)
    # The newest model scores the claims; its version is stored on each of them.
    parsed = _Parsed(
        ReportParser(
            converted.text,
            scorer=triage_scorer(),
            progress=(lambda line, lines: progress("reading", line, lines))
            if progress
            else None,
        )
    )
    if not parsed.assertions:
        raise ReportImportError(
            _(
                "The file contains no assertions to import (only headings, "
                "labels, code or markup)."
            )
        )
    metadata = _report_metadata(
        title=title,
        publisher=publisher,
        url=url,
        filename=filename,
        parsed=parsed,
        converted=converted,
    )
    if progress is not None:
        # Told before the write's transaction, so that others can see it.
        progress("writing", 0, parsed.assertions)
    return _report_import_write(
        actor=actor,
        parsed=parsed,
        converted=converted,
        original=original,
        digest=digest,
        metadata=metadata,
        published_on=published_on or converted.published_on,
        filename=filename,
        match_now=match_now,
        progress=(
            (lambda done: progress("writing", done, parsed.assertions))
            if progress
            else None
        ),
    )


class _Parsed:
    """A parsed report kept in a temporary file, a part at a time (the parts are
    read back inside the write's transaction): parsing needs no lock, and memory
    stays that of a part however long the report is. The file has no name and
    goes when this object does."""

    def __init__(self, parser: ReportParser):
        self.text = parser.text
        self.model_version = parser.model_version
        self.assertions = self.not_claims = 0
        # Open as long as this object lives: the write reads it back later.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            for part in parser.parts():
                pickle.dump(part, self._file, protocol=pickle.HIGHEST_PROTOCOL)
                self.assertions += len(part.assertions)
                self.not_claims += len(part.not_claims)
        except BaseException:
            self._file.close()
            raise
        self.title = parser.title

    def parts(self) -> Iterator[ParsedPart]:
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)  # noqa: S301 (written just above)
            except EOFError:
                return


def _claims_by_id(ids: list[int]) -> list[Claim]:
    claims: list[Claim] = []
    for offset in range(0, len(ids), 500):
        claims += Claim.objects.filter(pk__in=ids[offset : offset + 500])
    return claims


def report_claims_created(*, report: Report) -> list[int]:
    """The ids of the claims a report added: those it shows that appear in no
    report imported before it."""
    earlier = Appearance.objects.filter(claim=OuterRef("pk"), report_id__lt=report.pk)
    return list(
        Claim.objects.filter(appearances__report=report)
        .exclude(Exists(earlier))
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


@transaction.atomic
def report_claims_match(*, actor, report: Report) -> MatchOutcome:
    """Suggest matches for the claims a report added, after its import (what
    ``report_import(match_now=False)`` left); the suggestions are recorded as on
    import. Running it twice suggests nothing twice (known pairs are skipped)."""
    return claims_match(
        actor=actor, claims=_claims_by_id(report_claims_created(report=report))
    )


def report_store_html(*, report: Report) -> None:
    """Keep the report's rendered Markdown with it (see ``claims.reader``).

    Derived from the text and the appearances, both written by the import in the
    same transaction; the ``report.imported`` event records them. A report read a
    part at a time (longer than ``PART_CHARS``) keeps none: its reader renders
    the part it shows.
    """
    if len(report.text) > PART_CHARS:
        return
    appearances = list(
        report.appearances.filter(claim__isnull=False).only(
            "id", "report_id", "start", "end"
        )
    )
    stored = stored_html(report.text, appearances)
    report.html, report.html_key = stored.html, stored.key
    Report.objects.filter(pk=report.pk).update(html=stored.html, html_key=stored.key)


def _report_import_write(*, original: bytes, digest: str, **kwargs) -> ImportResult:
    """Write the report with its stored original; a failed write leaves no file."""
    name = f"reports/{digest}"
    stored: list[str] = []
    try:
        return _report_import_write_rows(
            original=original, digest=digest, name=name, stored=stored, **kwargs
        )
    except BaseException:
        for path in stored:
            default_storage.delete(path)
        raise


@transaction.atomic
def _report_import_write_rows(
    *,
    actor,
    parsed: "_Parsed",
    converted: Converted,
    original: bytes,
    digest: str,
    name: str,
    stored: list[str],
    metadata: dict[str, str],
    published_on: date | None,
    filename: str,
    match_now: bool = True,
    progress=None,
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
        format=converted.format,
        page_count=converted.page_count or None,
        **metadata,
    )
    # Named by its hash: the same bytes always land on the same name.
    if not default_storage.exists(name):
        stored.append(default_storage.save(name, ContentFile(original)))
    report.original.name = name if not stored else stored[0]
    Report.objects.filter(pk=report.pk).update(original=report.original.name)
    model = (
        TriageModel.objects.get(version=parsed.model_version)
        if parsed.model_version is not None
        else triage_model_install_base(actor=actor)
    )
    placed = _Placed()
    not_claims: dict[str, int] = {}
    for part in parsed.parts():
        _assertions_place(
            actor=actor,
            report=report,
            assertions=part.assertions,
            converted=converted,
            model=model,
            placed=placed,
            progress=progress,
        )
        _not_claims_place(
            report=report,
            passages=part.not_claims,
            converted=converted,
            counts=not_claims,
        )
    report_store_html(report=report)
    tally_report_imported(report=report, new_claims=len(placed.new_claim_ids))
    if match_now:
        matched = claims_match(actor=actor, claims=_claims_by_id(placed.new_claim_ids))
    else:
        matched = MatchOutcome()
    result = ImportResult(
        report=report,
        created=True,
        claims_created=len(placed.new_claim_ids),
        appearances_added=placed.appearances,
        matches_suggested=len(matched.suggested),
        verdict_matches=tuple(matched.verdict_matches),
        not_claims=sum(not_claims.values()),
        matching_deferred=not match_now,
    )
    audit.record(
        action="report.imported",
        actor=actor,
        subject=report,
        data={
            "sha256": digest,
            "filename": filename,
            "format": report.format,
            "original": report.original.name,
            "title": report.title,
            "assertions": parsed.assertions,
            "claims_created": result.claims_created,
            "appearances_added": result.appearances_added,
            "matches_suggested": result.matches_suggested,
            "not_claims": not_claims,
            "triage_model": model.version,
            "matching": "now" if match_now else "after",
        },
    )
    return result


# Assertions written per round trip: claims and appearances by bulk INSERT, their
# audit events by ``audit.record_many``; what a chunk needs stays small.
CHUNK = 1_000


@dataclass
class _Placed:
    """What placing a report's assertions wrote, so far (ids and counts, not rows)."""

    # 8 bytes a claim (100,000 new claims: 800 KB).
    new_claim_ids: array = field(default_factory=lambda: array("q"))
    appearances: int = 0
    done: int = 0


@dataclass(frozen=True)
class _Known:
    """A claim an assertion lands on: what its audit event needs."""

    pk: int
    label: str


def _assertions_place(
    *,
    actor,
    report: Report,
    assertions: Sequence[ParsedAssertion],
    converted: Converted,
    model: TriageModel,
    placed: _Placed,
    progress=None,
) -> None:
    """Give every assertion an appearance, on a known claim with the same wording or
    on a new one; each records ``claim.created`` or ``claim.appeared``.

    In chunks of ``CHUNK`` assertions: the new claims of a chunk in one INSERT,
    its appearances in another, its events in a third, each of prepared rows
    (``audit.inserts.Rows``: no model instance per row); a file of 100,000 lines
    costs a few hundred statements, not 300,000. A claim written by an earlier
    chunk is found in the database like any other (nothing per claim is kept
    from one chunk to the next). ``progress(done)`` is called after each chunk.
    """
    claim_rows = Rows(Claim, _CLAIM_COLUMNS)
    appearance_rows = Rows(Appearance, _APPEARANCE_COLUMNS)
    for offset in range(0, len(assertions), CHUNK):
        chunk = assertions[offset : offset + CHUNK]
        fingerprints = [claim_fingerprint(a.text) for a in chunk]
        known = _existing_claims(set(fingerprints))
        fresh: dict[str, ParsedAssertion] = {}
        for assertion, fingerprint in zip(chunk, fingerprints, strict=True):
            if fingerprint not in known and fingerprint not in fresh:
                fresh[fingerprint] = assertion
        pks = claim_rows.insert_returning_pks(
            _claim_row(assertion, fingerprint, model)
            for fingerprint, assertion in fresh.items()
        )
        for pk, (fingerprint, assertion) in zip(pks, fresh.items(), strict=True):
            known[fingerprint] = _Known(pk, _label(assertion.text))
        placed.new_claim_ids.extend(pks)
        sections = [
            SECTION_SEPARATOR.join(assertion.section_path)[:1000] for assertion in chunk
        ]
        pages = [converted.page_at(assertion.start) for assertion in chunk]
        appearance_pks = appearance_rows.insert_returning_pks(
            (
                known[fingerprint].pk,
                report.pk,
                json_value(assertion.section_path),
                section,
                assertion.quote,
                assertion.start,
                assertion.end,
                assertion.line,
                page,
            )  # fmt: skip
            for assertion, fingerprint, section, page in zip(
                chunk, fingerprints, sections, pages, strict=True
            )
        )
        events = []
        for assertion, fingerprint, section, page, appearance_pk in zip(
            chunk, fingerprints, sections, pages, appearance_pks, strict=True
        ):
            where = {
                "report_id": report.pk,
                "appearance_id": appearance_pk,
                "section": section,
                "line": assertion.line,
                "page": page,
                "quote": assertion.quote[:1000],
            }
            events.append(
                _placement_event(
                    actor=actor,
                    claim=known[fingerprint],
                    new=fresh.pop(fingerprint, None),
                    where=where,
                    model=model,
                )
            )
        audit.record_many(events)
        placed.appearances += len(appearance_pks)
        placed.done += len(chunk)
        if progress is not None:
            progress(placed.done)


_CLAIM_COLUMNS = (
    "text", "fingerprint", "topic", "kind", "checkworthiness", "triage_model_id",
    "triage_features", "context",
)  # fmt: skip
_APPEARANCE_COLUMNS = (
    "claim_id", "report_id", "section_path", "section", "quote", "start", "end",
    "line", "page",
)  # fmt: skip


def _label(text: str) -> str:
    """A claim's ``str()`` (its audit label) from its text."""
    return text if len(text) <= 120 else text[:117] + "…"


def _claim_row(
    assertion: ParsedAssertion, fingerprint: str, model: TriageModel
) -> tuple:
    return (
        assertion.text, fingerprint, assertion.topic[:300], assertion.kind,
        assertion.checkworthiness, model.pk, json_value(list(assertion.features)),
        assertion.context,
    )  # fmt: skip


def _placement_event(
    *,
    actor,
    claim: _Known,
    new: ParsedAssertion | None,
    where: dict,
    model: TriageModel,
) -> dict:
    """The ``claim.created`` (first appearance of a new claim) or ``claim.appeared``
    event of one appearance, as keyword arguments of ``audit.record_many``."""
    common = {
        "actor": actor,
        "subject_ref": (Claim._meta.label_lower, claim.pk),
        "subject_label": claim.label,
    }
    if new is None:
        return {**common, "action": "claim.appeared", "data": where}
    return {
        **common,
        "action": "claim.created",
        "data": {
            **where,
            "kind": new.kind,
            "checkworthiness": new.checkworthiness,
            "features": list(new.features),
            "triage_model": model.version,
            "topic": new.topic[:300],
            "context": new.context,
        },
    }


def _existing_claims(fingerprints: set[str]) -> dict[str, _Known]:
    known: dict[str, _Known] = {}
    ordered = sorted(fingerprints)
    for offset in range(0, len(ordered), 500):
        chunk = ordered[offset : offset + 500]
        # Locked: a claim that changes status while the report is imported would
        # otherwise be counted in the new report's tallies with its old status.
        rows = Claim.objects.filter(fingerprint__in=chunk).order_by("pk")
        for pk, fingerprint, text in rows.select_for_update().values_list(
            "pk", "fingerprint", "text"
        ):
            known.setdefault(fingerprint, _Known(pk, _label(text)[:300]))
    return known


def _not_claims_place(
    *,
    report: Report,
    passages: Sequence[ParsedPassage],
    converted: Converted,
    counts: dict[str, int],
) -> None:
    """Keep the passages that are not claims as appearances of no claim; ``counts``
    (by reason) is what the ``report.imported`` event says of them."""
    Rows(Appearance, _NOT_A_CLAIM_COLUMNS).insert(
        (
            passage.reason,
            report.pk,
            json_value(passage.section_path),
            SECTION_SEPARATOR.join(passage.section_path)[:1000],
            passage.quote,
            passage.start,
            passage.end,
            passage.line,
            converted.page_at(passage.start),
        )  # fmt: skip
        for passage in passages
    )
    for passage in passages:
        counts[passage.reason] = counts.get(passage.reason, 0) + 1


_NOT_A_CLAIM_COLUMNS = ("not_a_claim", *_APPEARANCE_COLUMNS[1:])
