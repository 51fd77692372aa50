"""Re-classify and re-score the existing claims with the shipped base model.

The kinds changed ("other" is gone; "rule" and "not a claim" are new) and the
check-worthiness is now a logistic regression (claims.triage), so every claim
gets the base model's kind and score and the model version that gave them. Each
claim that changes records a ``claim.changed`` event, and the base model its
``triage.model_installed``, as the services would: by the system, named in
``via``. Claims still open (new, researching) whose text ends with ":" lose the
colon. A database without claims gets nothing: its first import installs the
base model.
"""

from django.db import migrations
from django.utils import timezone

VIA = "manage.py migrate (claims 0011: triage kinds and scores)"
OPEN = ("new", "researching")


def _recorder(apps):
    from audit.chain import GENESIS, compute_hash, normalise_data
    from audit.context import new_request_id

    AuditEvent = apps.get_model("audit", "AuditEvent")
    request_id = new_request_id()

    def record(*, action, subject_type, subject, label, data):
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event = AuditEvent(
            seq=seq,
            at=timezone.now(),
            actor=None,
            actor_label="",
            action=action,
            subject_type=subject_type,
            subject_id=str(subject.pk),
            subject_label=label[:300],
            scope_type=subject_type,
            scope_id=str(subject.pk),
            data=normalise_data({**data, "via": VIA}),
            comment="",
            request_id=request_id,
            ip=None,
            prev_hash=prev_hash,
        )
        event.hash = compute_hash(event)
        event.save()

    return record


def _label(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


def reclassify(apps, schema_editor):
    from claims.triage.model import base_scorer

    Claim = apps.get_model("claims", "Claim")
    TriageModel = apps.get_model("claims", "TriageModel")
    if not Claim.objects.exists():
        return
    record = _recorder(apps)
    scorer = base_scorer()
    model = TriageModel.objects.filter(version=1).first()
    if model is None:
        model = TriageModel.objects.create(
            version=1,
            source="base",
            intercept=scorer.intercept,
            weights=dict(scorer.weights),
            means=dict(scorer.means),
            cv_auc=float(scorer.details.get("cv_auc", 0.0)),
            base_examples=int(scorer.details.get("base_examples", 0)),
        )
        record(
            action="triage.model_installed",
            subject_type="claims.triagemodel",
            subject=model,
            label=f"Triage model v{model.version} (Shipped base set)",
            data={"version": 1, "source": "base", "cv_auc": model.cv_auc},
        )
    pks = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for offset in range(0, len(pks), 500):
        for claim in Claim.objects.filter(pk__in=pks[offset : offset + 500]):
            _reclassify_one(claim, model, scorer, record)


def _reclassify_one(claim, model, scorer, record):
    from claims.text import claim_fingerprint
    from claims.triage.features import NAMES, features_of
    from claims.triage.kinds import NOT_A_CLAIM, kind_of, not_a_claim_reason

    before = {
        "text": claim.text,
        "kind": claim.kind,
        "checkworthiness": claim.checkworthiness,
    }
    if claim.status in OPEN and claim.text.rstrip().endswith(":"):
        claim.text = claim.text.rstrip()[:-1].rstrip() + "."
        claim.fingerprint = claim_fingerprint(claim.text)
    present = features_of(claim.text)
    claim.kind = NOT_A_CLAIM if not_a_claim_reason(claim.text) else kind_of(present)
    claim.checkworthiness = scorer.score(present)
    claim.triage_model = model
    claim.triage_features = [name for name in NAMES if name in present]
    after = {
        "text": claim.text,
        "kind": claim.kind,
        "checkworthiness": claim.checkworthiness,
    }
    changes = {
        field: {"old": before[field], "new": after[field]}
        for field in before
        if before[field] != after[field]
    }
    if changes:
        claim.version += 1
    claim.save()
    if changes:
        record(
            action="claim.changed",
            subject_type="claims.claim",
            subject=claim,
            label=_label(claim.text),
            data={"changes": changes, "triage_model": model.version},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_triage"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(reclassify, migrations.RunPython.noop)]
