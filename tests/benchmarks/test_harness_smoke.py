"""The benchmark harness builds consistent data: a valid audit chain, the right counts."""

import pytest

from audit.chain import verify_chain
from audit.models import AuditEvent
from benchmarks.generate import Sizes, generate
from claims.models import Appearance, Claim, ClaimTally, Evidence, Report
from claims.search import search_claims
from claims.selectors import tallies_drift
from reviews.models import Decision, Review
from sources.models import Source

pytestmark = pytest.mark.django_db(transaction=True)

CLAIMS = 200


@pytest.fixture
def dataset():
    return generate(CLAIMS, progress=lambda message: None)


def test_generated_audit_chain_verifies(dataset):
    report = verify_chain()
    assert report.ok, report.reason
    assert report.checked == AuditEvent.objects.count() == 10 * CLAIMS


def test_generated_counts_follow_the_issue_proportions(dataset):
    sizes = Sizes.for_claims(CLAIMS)
    assert Claim.objects.count() == CLAIMS
    assert Source.objects.count() == sizes.sources
    assert Report.objects.count() == sizes.reports
    assert Appearance.objects.count() == CLAIMS
    # Evidence and reviews belong to claims under work, so they are near, not at,
    # three and one per claim.
    assert 2 * CLAIMS <= Evidence.objects.count() <= 4 * CLAIMS
    assert CLAIMS // 2 <= Review.objects.count() <= 2 * CLAIMS
    assert Decision.objects.count() == Claim.objects.filter(status="published").count()
    assert dataset.counts["audit_events"] == AuditEvent.objects.count()


def test_generated_rows_are_consistent_for_the_pages(dataset):
    target = Claim.objects.get(pk=dataset.target_claim_id)
    assert target.status == "published"
    assert target.evidence.filter(removed_at__isnull=True).count() == 20
    assert AuditEvent.objects.for_scope("claims.claim", target.pk).count() == 50
    for appearance in Appearance.objects.select_related("report")[:50]:
        assert appearance.report.text[appearance.start : appearance.end] == (
            appearance.quote
        )
    assert not Claim.objects.filter(status="published", verdict="").exists()
    assert Claim.objects.filter(status="new").count() == len(dataset.new_claim_ids)


def test_generated_data_has_its_derived_rows_as_the_services_keep_them(dataset):
    assert tallies_drift() == []
    assert ClaimTally.objects.filter(report__isnull=False).exists()
    assert not Report.objects.filter(html_key="").exists()


def test_generated_claims_are_searchable(dataset):
    found = search_claims(Claim.objects.all(), dataset.search_word)
    assert found.exists()
    assert all(dataset.search_word.lower() in c.text.lower() for c in found[:20])


def test_new_claims_get_ids_after_the_generated_ones(dataset):
    # Sequences were reset: the next claim does not collide with a generated id.
    claim = Claim.objects.create(
        text="A claim made after the bench data.", fingerprint="x"
    )
    assert claim.pk > CLAIMS


def test_the_matched_claim_gets_its_matches_once(dataset, client):
    from dataclasses import asdict

    from benchmarks.measure import matched_claim
    from claims.models import ClaimMatch, ExternalMatch

    ds = asdict(dataset)
    pk = matched_claim(ds)
    assert matched_claim(ds) == pk  # a kept dataset, measured again
    matches = ClaimMatch.objects.filter(claim_id=pk) | ClaimMatch.objects.filter(
        other_id=pk
    )
    assert matches.count() == 5
    assert {m.status for m in matches} == {"suggested", "distinct"}
    assert ExternalMatch.objects.filter(claim_id=pk).count() == 3
    reports = set(Appearance.objects.filter(claim_id=pk).values_list("report_id"))
    for match in matches:
        other = match.counterpart(pk)
        assert not reports & set(
            Appearance.objects.filter(claim_id=other).values_list("report_id")
        )
    client.force_login(Claim.objects.get(pk=pk).assignee)
    html = client.get(f"/claims/{pk}/").content.decode()
    assert "Same or similar claims (8)" in html


def test_the_researching_claim_shows_a_bounded_evidence_form(dataset, client):
    import re
    from dataclasses import asdict

    from django.contrib.auth import get_user_model

    from benchmarks.measure import researching_claim
    from claims.selectors import SOURCE_MENU_SIZE

    ds = asdict(dataset)
    pk = researching_claim(ds)
    assert researching_claim(ds) == pk  # a kept dataset, measured again
    claim = Claim.objects.get(pk=pk)
    assert claim.status == "researching"
    # The measuring client is the editor, as in benchmarks.measure.
    client.force_login(get_user_model().objects.get(pk=ds["editor_id"]))
    html = client.get(f"/claims/{pk}/").content.decode()
    menu = re.search(r'<select name="source".*?</select>', html, re.DOTALL).group(0)
    assert 1 < menu.count("<option") <= SOURCE_MENU_SIZE + 1
