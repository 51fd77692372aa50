"""External fact-checks: ClaimReview files read whole or refused, matched like verdicts."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.models import Claim, ExternalFactCheck, ExternalMatch, MatchStatus
from claims.services.external import external_factchecks_import
from claims.services.imports import report_import
from claims.services.matching import external_match_propose, external_match_resolve
from config.exceptions import StaleEdit, WorkflowConflict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE = FIXTURES / "external-claimreviews.json"


def _review(n: int, **extra) -> dict:
    review = {
        "@type": "ClaimReview",
        "url": f"https://checks.example.org/{n}",
        "claimReviewed": f"Claim number {n} reviewed.",
        "author": {"@type": "Organization", "name": "Checker"},
        "reviewRating": {"@type": "Rating", "ratingValue": 2, "alternateName": "False"},
    }
    review.update(extra)
    return review


def _import(data, actor) -> object:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return external_factchecks_import(actor=actor, data=raw, filename="f.json")


@pytest.fixture
def seed(editor):
    report_import(
        actor=editor, text=(FIXTURES / "china-ai-2024-2026-report.md").read_text()
    )


def test_the_sample_feed_matches_the_seed_claims_it_restates(editor, seed):
    result = _import(SAMPLE.read_bytes(), editor)
    assert len(result.created) == 5
    yuan = ExternalFactCheck.objects.get(url__endswith="healthcare-ai-market-yuan")
    assert (yuan.publisher, yuan.claimant, yuan.rating, yuan.rating_value) == (
        "Example Fact Desk",
        "Industry newsletter",
        "Half true",
        3,
    )
    assert str(yuan.review_date) == "2026-03-02"
    matched = {
        (m.fact_check.url.rsplit("/", 1)[-1], m.claim.text)
        for m in ExternalMatch.objects.select_related("claim", "fact_check")
    }
    slugs = {slug for slug, _text in matched}
    assert {
        "healthcare-ai-market-yuan",
        "battery-testing-95-percent",
        "moe-domestic-chips",
    } <= slugs
    # The unrelated reviews match nothing.
    assert not slugs & {"coastal-flood-barrier-cost", "school-meals-uptake"}
    assert any("106 billion yuan" in text for slug, text in matched)
    assert ExternalMatch.objects.filter(status=MatchStatus.SUGGESTED).count() == len(
        matched
    )
    event = AuditEvent.objects.get(action="external_factchecks.imported")
    assert (event.actor, len(event.data["created"])) == (editor, 5)
    assert AuditEvent.objects.filter(
        action="claim.external_match_suggested"
    ).count() == len(matched)


def test_a_report_imported_later_is_matched_against_fact_checks(editor):
    _import(SAMPLE.read_bytes(), editor)
    report_import(
        actor=editor, text=(FIXTURES / "china-ai-2024-2026-report.md").read_text()
    )
    yuan = Claim.objects.get(text__contains="106 billion yuan")
    assert yuan.external_matches.filter(
        fact_check__url__endswith="healthcare-ai-market-yuan"
    ).exists()


def test_importing_the_same_file_twice_adds_nothing(editor):
    _import(SAMPLE.read_bytes(), editor)
    again = _import(SAMPLE.read_bytes(), editor)
    assert (len(again.created), again.skipped) == (0, 5)
    assert ExternalFactCheck.objects.count() == 5


@pytest.mark.parametrize(
    "shape",
    ["single", "array", "graph"],
)
def test_single_objects_arrays_and_graphs_are_read(editor, shape):
    reviews = [_review(1), _review(2)]
    data = {
        "single": {"@context": "https://schema.org", **reviews[0]},
        "array": reviews,
        "graph": {
            "@context": "https://schema.org",
            "@graph": [{"@type": "Organization", "name": "Checker"}, *reviews],
        },
    }[shape]
    result = _import(data, editor)
    assert len(result.created) == (1 if shape == "single" else 2)


def test_a_bad_review_refuses_the_whole_file_and_names_it(editor):
    bad = _review(2)
    del bad["claimReviewed"]
    with pytest.raises(ValidationError, match=r"item 2: no claimReviewed"):
        _import([_review(1), bad, _review(3)], editor)
    assert not ExternalFactCheck.objects.exists()
    refused = AuditEvent.objects.get(action="external_factchecks.import_refused")
    assert refused.actor == editor
    assert "item 2" in refused.data["reason"][0]


def test_a_bad_feed_element_is_named(editor):
    feed = {
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [_review(1)]},
            {"@type": "DataFeedItem", "item": [_review(2, reviewRating={})]},
        ],
    }
    with pytest.raises(
        ValidationError, match=r"dataFeedElement\[1\]\.item\[0\]: reviewRating"
    ):
        _import(feed, editor)
    assert not ExternalFactCheck.objects.exists()


def test_broken_json_names_its_line(editor):
    with pytest.raises(ValidationError, match="line 2"):
        _import(b'[\n {"@type": "ClaimReview",,}\n]', editor)


def test_a_file_without_claimreviews_is_refused(editor):
    with pytest.raises(ValidationError, match="expected a ClaimReview"):
        _import({"@type": "Article"}, editor)


def test_researchers_may_not_import(researcher):
    with pytest.raises(PermissionDenied):
        _import([_review(1)], researcher)
    assert AuditEvent.objects.filter(action="access.refused").exists()


@pytest.fixture
def external_match(editor):
    claim = ClaimFactory(
        text="The Shenzhen plant produced 4,000 chips in March 2025 for export."
    )
    _import(
        [
            _review(
                1,
                claimReviewed="The Shenzhen plant produced 4,000 chips in March 2025.",
            )
        ],
        editor,
    )
    return ExternalMatch.objects.get(claim=claim)


def test_an_editor_confirms_an_external_fact_check(editor, external_match):
    external_match_resolve(
        match=external_match, actor=editor, status="same", note="Their check."
    )
    external_match.refresh_from_db()
    assert (external_match.status, external_match.resolved_by) == ("same", editor)
    assert external_match.claim.merged_into is None
    event = AuditEvent.objects.get(action="claim.external_match_confirmed")
    assert (event.actor, event.comment) == (editor, "Their check.")
    with pytest.raises(WorkflowConflict):
        external_match_resolve(match=external_match, actor=editor, status="distinct")


def test_a_researcher_may_not_resolve_an_external_match(researcher, external_match):
    with pytest.raises(PermissionDenied):
        external_match_resolve(match=external_match, actor=researcher, status="same")
    external_match.refresh_from_db()
    assert external_match.status == MatchStatus.SUGGESTED
    refused = AuditEvent.objects.get(action="access.refused")
    assert (refused.actor, refused.data["attempted"]) == (
        researcher,
        "external_match.resolve",
    )


def test_a_researcher_proposes_and_an_editor_confirms(
    researcher, other_researcher, editor, external_match
):
    external_match_propose(
        match=external_match, actor=researcher, status="same", note="Same plant."
    )
    seen = ExternalMatch.objects.get(pk=external_match.pk)
    assert (seen.status, seen.proposed_status, seen.proposed_by, seen.note) == (
        "suggested",
        "same",
        researcher,
        "Same plant.",
    )
    proposed = AuditEvent.objects.get(action="claim.external_match_proposed")
    assert (proposed.actor, proposed.comment) == (researcher, "Same plant.")
    assert proposed.data["proposed_status"] == {"old": "", "new": "same"}
    # Another researcher may propose otherwise; the editor sees the latest.
    external_match_propose(
        match=external_match, actor=other_researcher, status="distinct", note="No."
    )
    external_match_resolve(
        match=external_match, actor=editor, status="distinct", note="Another plant."
    )
    external_match.refresh_from_db()
    assert (external_match.status, external_match.resolved_by) == ("distinct", editor)
    rejected = AuditEvent.objects.get(action="claim.external_match_rejected")
    assert rejected.data["proposed"] == "distinct"


def test_an_editor_overrides_a_proposal(researcher, editor, external_match):
    external_match_propose(match=external_match, actor=researcher, status="distinct")
    external_match_resolve(match=external_match, actor=editor, status="same")
    external_match.refresh_from_db()
    assert (external_match.status, external_match.proposed_status) == (
        "same",
        "distinct",
    )
    confirmed = AuditEvent.objects.get(action="claim.external_match_confirmed")
    assert confirmed.data["proposed"] == "distinct"


def test_a_resolved_external_match_takes_no_proposal(
    researcher, editor, external_match
):
    external_match_resolve(match=external_match, actor=editor, status="same")
    with pytest.raises(WorkflowConflict):
        external_match_propose(match=external_match, actor=researcher, status="same")
    assert not AuditEvent.objects.filter(
        action="claim.external_match_proposed"
    ).exists()


def test_anonymous_may_not_propose_and_is_logged(anonymous, external_match):
    with pytest.raises(PermissionDenied):
        external_match_propose(match=external_match, actor=anonymous, status="same")
    external_match.refresh_from_db()
    assert external_match.proposed_status == ""
    refused = AuditEvent.objects.get(action="access.refused")
    assert refused.data["attempted"] == "external_match.propose"


def test_a_stale_version_is_refused(researcher, editor, external_match):
    stale = external_match.claim.version + 1
    with pytest.raises(StaleEdit):
        external_match_propose(
            match=external_match,
            actor=researcher,
            status="same",
            expected_version=stale,
        )
    with pytest.raises(StaleEdit):
        external_match_resolve(
            match=external_match, actor=editor, status="same", expected_version=stale
        )
    external_match.refresh_from_db()
    assert (external_match.status, external_match.proposed_status) == (
        "suggested",
        "",
    )


def test_claimtrails_own_feed_is_read(client, researcher, editor, settings):
    from django.urls import reverse

    from tests.factories import AppearanceFactory
    from tests.reviews.publishing import publish

    settings.CLAIMTRAIL_ORGANISATION = "Example Verdicts"
    claim = ClaimFactory(text="China trained 40% of new large models in 2025.")
    AppearanceFactory(claim=claim)
    publish(claim, researcher=researcher, editor=editor, rating="false")
    feed = client.get(reverse("reviews:feed")).content

    result = _import(feed, editor)

    (fact_check,) = result.created
    assert fact_check.claim_reviewed == claim.text
    assert fact_check.publisher == "Example Verdicts"
    assert fact_check.url.endswith(reverse("reviews:verdict_detail", args=[claim.pk]))
    assert fact_check.rating == "False"
