"""Every verdict published before versions existed gets its versions: one per approval.

Version k is the k-th approval: its rating, the approved review's rationale and
the evidence it cited (less any removed before the approval), the round's
reviewers and the approving editor. The wording and topic at each approval are
the claim's current ones with every later ``claim.changed`` edit undone from the
audit trail, so a claim under correction keeps the wording that was approved,
not its draft. Before versions, the reopen reason and the approval note of a
correction were shown on the public page; a corrected version keeps them as its
correction note. Each version is recorded as a ``verdict.published`` event by
the system.
"""

from django.db import migrations


def _name(user) -> str:
    if user is None:
        return ""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username


def _person(user) -> dict:
    return {"id": user.pk, "name": _name(user)}


def _wording_at(claim, events, approved_seq: int | None) -> dict:
    """The claim's text and topic just after the approval numbered ``approved_seq``."""
    state = {"text": claim.text, "topic": claim.topic}
    if approved_seq is None:
        return state
    for event in sorted(events, key=lambda e: -e.seq):
        if event.seq <= approved_seq:
            break
        changes = (event.data or {}).get("changes") or {}
        for field in state:
            change = changes.get(field)
            if isinstance(change, dict) and "old" in change:
                state[field] = change["old"] or ""
    return state


def backfill(apps, schema_editor):
    from audit.context import system_context
    from audit.recorder import record
    from reviews.approval import appearance_entry, content_digest, evidence_entry

    Claim = apps.get_model("claims", "Claim")
    Appearance = apps.get_model("claims", "Appearance")
    Decision = apps.get_model("reviews", "Decision")
    Review = apps.get_model("reviews", "Review")
    VerdictVersion = apps.get_model("reviews", "VerdictVersion")
    AuditEvent = apps.get_model("audit", "AuditEvent")

    published = (
        Claim.objects.filter(first_published_at__isnull=False)
        .exclude(verdict="")
        .order_by("pk")
    )
    with system_context("migrate reviews 0003_backfill_verdict_versions"):
        for claim in published.iterator(chunk_size=500):
            if VerdictVersion.objects.filter(claim_id=claim.pk).exists():
                continue
            decisions = list(
                Decision.objects.filter(claim_id=claim.pk)
                .select_related("editor", "review")
                .order_by("created_at", "id")
            )
            approvals = [d for d in decisions if d.kind == "approve"]
            events = list(
                AuditEvent.objects.filter(
                    subject_type="claims.claim",
                    subject_id=str(claim.pk),
                    action__in=["claim.approved", "claim.changed"],
                ).order_by("seq")
            )
            approved_seqs = [e.seq for e in events if e.action == "claim.approved"]
            edits = [e for e in events if e.action == "claim.changed"]
            appearances = [
                appearance_entry(a)
                for a in Appearance.objects.filter(claim_id=claim.pk)
                .select_related("report")
                .order_by("report_id", "start")
            ]
            steps = approvals or [None]
            for index, approval in enumerate(steps):
                number = index + 1
                last = index == len(steps) - 1
                seq = approved_seqs[index] if index < len(approved_seqs) else None
                wording = (
                    {"text": claim.text, "topic": claim.topic}
                    if last and claim.status == "published"
                    else _wording_at(claim, edits, seq)
                )
                review = approval.review if approval is not None else None
                at = (
                    claim.published_at or claim.first_published_at
                    if last or approval is None
                    else approval.created_at
                )
                evidence, reviewers, correction_note = [], [], ""
                if review is not None:
                    cited = review.cited_evidence.select_related("source").order_by(
                        "added_at", "id"
                    )
                    evidence = [
                        evidence_entry(e)
                        for e in cited
                        if e.removed_at is None or e.removed_at > at
                    ]
                    reviewers = [
                        {
                            **_person(r.reviewer),
                            "rating": r.rating,
                            "role": "researcher"
                            if r.pk == review.pk
                            else "second opinion",
                        }
                        for r in Review.objects.filter(
                            claim_id=claim.pk, round=review.round
                        )
                        .select_related("reviewer")
                        .order_by("submitted_at", "id")
                    ]
                if approval is not None and number > 1:
                    reopening = [
                        d
                        for d in decisions
                        if d.kind == "reopen"
                        and d.is_correction
                        and d.created_at <= approval.created_at
                    ]
                    notes = [reopening[-1].note if reopening else "", approval.note]
                    correction_note = "\n\n".join(n for n in notes if n)
                content = {
                    "text": wording["text"],
                    "topic": wording["topic"],
                    "short_claim": "",
                    "claimant": "",
                    "claimant_kind": "organisation",
                    "claim_date": None,
                    "language": "",
                    "rating": approval.verdict if approval else claim.verdict,
                    "rationale": review.rationale if review is not None else "",
                    "evidence": evidence,
                    "appearances": appearances,
                    "reviewers": reviewers,
                    "correction_note": correction_note,
                }
                editor = approval.editor if approval is not None else None
                version = VerdictVersion.objects.create(
                    claim_id=claim.pk,
                    number=number,
                    decision=approval,
                    approved_by=editor,
                    approved_by_name=_name(editor),
                    published_at=at,
                    content_sha256=content_digest(claim.pk, number, content),
                    **content,
                )
                record(
                    action="verdict.published",
                    subject=version,
                    scope=claim,
                    subject_label=f"Claim #{claim.pk}, verdict version {number}",
                    data={
                        "claim_id": claim.pk,
                        "number": number,
                        "rating": version.rating,
                        "decision_id": approval.pk if approval else None,
                        "content_sha256": version.content_sha256,
                        "correction_note": correction_note,
                        "backfilled": True,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("reviews", "0002_verdict_versions"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
