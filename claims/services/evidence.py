"""Evidence: attach a source to a claim (a new one in one transaction), withdraw it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from claims.models import EVIDENCE_STATUSES, Claim, Evidence, EvidenceStance
from claims.permissions import user_can_add_evidence, user_can_remove_evidence
from claims.services.guards import claim_lock, require_status
from config.exceptions import WorkflowConflict
from sources.models import Source, SourceKind
from sources.services import source_get_or_create


def _evidence_write(
    *, claim: Claim, actor, source: Source, stance: str, excerpt: str, locator: str
) -> Evidence:
    """Check and write one evidence on a claim already locked by the caller."""
    require_status(claim, EVIDENCE_STATUSES, _("take new evidence"))
    if not user_can_add_evidence(actor, claim):
        raise PermissionDenied(_("You may not add evidence to this claim now."))
    if stance not in EvidenceStance.values:
        raise ValidationError(
            {"stance": _("Unknown stance %(stance)r.") % {"stance": stance}}
        )
    evidence = Evidence.objects.create(
        claim=claim,
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
        scope=claim,
        data={
            "source_id": source.pk,
            "source": str(source),
            "stance": stance,
            "excerpt": evidence.excerpt,
            "locator": evidence.locator,
        },
    )
    return evidence


@records_refusal("evidence.add")
@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    actor,
    source: Source,
    stance: str,
    excerpt: str = "",
    locator: str = "",
) -> Evidence:
    return _evidence_write(
        claim=claim_lock(claim=claim),
        actor=actor,
        source=source,
        stance=stance,
        excerpt=excerpt,
        locator=locator,
    )


@records_refusal("evidence.add")
@transaction.atomic
def evidence_add_with_source(
    *,
    claim: Claim,
    actor,
    url: str,
    title: str = "",
    publisher: str = "",
    kind: str = SourceKind.OTHER,
    stance: str,
    excerpt: str = "",
    locator: str = "",
) -> tuple[Evidence, bool]:
    """Attach the source at ``url`` as evidence, adding it to the library if new.

    One transaction: when the evidence is refused, the new source and its
    ``source.created`` event are rolled back with it. Returns the evidence and
    whether its source was created.
    """
    locked = claim_lock(claim=claim)
    source, created = source_get_or_create(
        actor=actor, url=url, title=title, publisher=publisher, kind=kind
    )
    evidence = _evidence_write(
        claim=locked,
        actor=actor,
        source=source,
        stance=stance,
        excerpt=excerpt,
        locator=locator,
    )
    return evidence, created


@records_refusal("evidence.remove", subject_kwarg="evidence", scope_attr="claim")
@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor, reason: str = "") -> Evidence:
    """Withdraw evidence; the row stays so that earlier reviews can still cite it."""
    locked = (
        Evidence.objects.select_for_update().select_related("claim").get(pk=evidence.pk)
    )
    require_status(locked.claim, EVIDENCE_STATUSES, _("lose evidence"))
    if locked.removed_at is not None:
        raise WorkflowConflict(_("This evidence was already removed."))
    if not user_can_remove_evidence(actor, locked):
        raise PermissionDenied(_("You may not remove this evidence."))
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
