"""Migration claims 0011: existing claims get the new kinds and scores, audited."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.chain import verify_chain
from claims.apps import _ensure_search_index

BEFORE = [("claims", "0009_claim_publication_facts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    """The database as it was before triage; back to the newest schema afterwards."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = _migrate(BEFORE)
    yield apps
    _migrate(latest)
    _ensure_search_index(sender=None)


@pytest.mark.django_db(transaction=True)
def test_existing_claims_are_reclassified_rescored_and_audited(old_schema):
    Claim = old_schema.get_model("claims", "Claim")
    open_claim = Claim.objects.create(
        text="Sales rose 40% to $3 billion in 2024:",
        fingerprint="a" * 64,
        kind="other",
        checkworthiness=0.2,
    )
    published = Claim.objects.create(
        text="Regulations now require explicit labeling of AI-generated content:",
        fingerprint="b" * 64,
        kind="opinion",
        checkworthiness=0.2,
        status="published",
        verdict="true",
    )
    unchanged_text = published.text

    apps = _migrate([("claims", "0012_claim_kind_valid")])

    Claim = apps.get_model("claims", "Claim")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    reclassified = Claim.objects.get(pk=open_claim.pk)
    assert reclassified.kind == "statistic"
    assert reclassified.text == "Sales rose 40% to $3 billion in 2024."
    assert reclassified.checkworthiness > 0.6
    assert reclassified.triage_model.version == 1
    assert "share" in reclassified.triage_features
    assert reclassified.version == 2
    rule = Claim.objects.get(pk=published.pk)
    assert (rule.kind, rule.text) == ("rule", unchanged_text)  # published: kept
    installed = AuditEvent.objects.get(action="triage.model_installed")
    assert installed.actor_id is None
    changed = AuditEvent.objects.filter(action="claim.changed").order_by("seq")
    assert [event.subject_id for event in changed] == [
        str(open_claim.pk),
        str(published.pk),
    ]
    first = changed[0].data
    assert first["changes"]["kind"] == {"old": "other", "new": "statistic"}
    assert first["changes"]["text"]["new"].endswith("in 2024.")
    assert first["via"].startswith("manage.py migrate (claims 0011")
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_database_without_claims_gets_nothing(old_schema):
    apps = _migrate([("claims", "0012_claim_kind_valid")])
    assert not apps.get_model("claims", "TriageModel").objects.exists()
    assert not apps.get_model("audit", "AuditEvent").objects.exists()
