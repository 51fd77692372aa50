"""Importing other fact-checkers' ClaimReviews and matching them against the claims."""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from audit import context as audit_context
from audit.recorder import records_refusal
from claims.claimreviews import parse_claimreviews
from claims.models import ExternalFactCheck, ExternalMatch
from claims.permissions import user_can_import_report
from claims.services.matching import external_factchecks_match


@dataclass
class ExternalImportResult:
    created: list[ExternalFactCheck] = field(default_factory=list)
    # Reviews of the file already imported (same URL and claim), or repeated in it.
    skipped: int = 0
    matches: list[ExternalMatch] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return _(
            "%(created)s fact-checks imported, %(skipped)s already known; "
            "%(matches)s claims suggested as matches."
        ) % {
            "created": len(self.created),
            "skipped": self.skipped,
            "matches": len(self.matches),
        }


def _import_allowed(actor) -> bool:
    if actor is None:
        # Only the system (a management command) imports without a user.
        return bool(audit_context.current().via)
    return user_can_import_report(actor)


@records_refusal("external_factchecks.import", subject_kwarg="")
def external_factchecks_import(
    *, actor, data: bytes, filename: str = ""
) -> ExternalImportResult:
    """Store every ClaimReview of the file and suggest the claims each may have
    reviewed. All or nothing: a bad file (or one bad review in it) is refused
    with a ValidationError naming where, and recorded as refused."""
    if not _import_allowed(actor):
        raise PermissionDenied(_("Only editors may import external fact-checks."))
    digest = hashlib.sha256(data).hexdigest()
    try:
        parsed = parse_claimreviews(data)
    except ValidationError as exc:
        audit.record(
            action="external_factchecks.import_refused",
            actor=actor,
            subject_label=filename or "ClaimReview file",
            data={"filename": filename, "sha256": digest, "reason": exc.messages},
        )
        raise
    return _store(actor=actor, parsed=parsed, filename=filename, digest=digest)


@transaction.atomic
def _store(*, actor, parsed, filename: str, digest: str) -> ExternalImportResult:
    result = ExternalImportResult()
    keys = {ExternalFactCheck.key_for(r.url, r.claim_reviewed) for r in parsed}
    known = set(
        ExternalFactCheck.objects.filter(key__in=keys).values_list("key", flat=True)
    )
    for review in parsed:
        key = ExternalFactCheck.key_for(review.url, review.claim_reviewed)
        if key in known:
            result.skipped += 1
            continue
        known.add(key)
        result.created.append(
            ExternalFactCheck.objects.create(
                key=key,
                imported_from=filename[:255],
                publisher=review.publisher,
                url=review.url,
                claim_reviewed=review.claim_reviewed,
                claimant=review.claimant,
                rating=review.rating,
                rating_value=review.rating_value,
                review_date=review.review_date,
            )
        )
    audit.record(
        action="external_factchecks.imported",
        actor=actor,
        subject_label=filename or "ClaimReview file",
        data={
            "filename": filename,
            "sha256": digest,
            "created": [fc.pk for fc in result.created],
            "skipped": result.skipped,
        },
    )
    result.matches = external_factchecks_match(
        actor=actor, fact_checks=result.created
    ).external
    return result
