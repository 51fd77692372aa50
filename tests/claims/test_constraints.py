"""The database enforces the domain's rules, whatever code path writes."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim
from reviews.models import Decision
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ReportFactory,
    ReviewFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_same_report_text_cannot_be_stored_twice():
    report = ReportFactory()
    assert_refused(lambda: ReportFactory(text=report.text, sha256=report.sha256))


def test_a_source_url_is_unique():
    SourceFactory(url="https://stats.example.org/table-3")
    assert_refused(lambda: SourceFactory(url="https://stats.example.org/table-3"))


def test_one_review_per_reviewer_per_claim_per_round(researcher):
    review = ReviewFactory(reviewer=researcher)
    assert_refused(
        lambda: ReviewFactory(
            claim=review.claim, reviewer=researcher, round=review.round
        )
    )
    ReviewFactory(claim=review.claim, reviewer=researcher, round=review.round + 1)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "rumour"},
        {"status": "deleted"},
        {"verdict": "pants_on_fire"},
        {"checkworthiness": 1.5},
        {"checkworthiness": -0.1},
        {"status": "published", "verdict": ""},
        {"version": 0},
    ],
)
def test_claim_choices_and_ranges_are_checked_by_the_database(fields):
    assert_refused(lambda: ClaimFactory(**fields))


def test_source_urls_must_be_http_or_https():
    assert_refused(lambda: SourceFactory(url="javascript:alert(1)"))
    assert_refused(lambda: SourceFactory(archive_url="data:text/html,hi"))


def test_an_appearance_spans_at_least_one_character():
    assert_refused(lambda: AppearanceFactory(start=10, end=10))


def test_two_appearances_cannot_start_at_the_same_place_in_a_report():
    first = AppearanceFactory()
    assert_refused(lambda: AppearanceFactory(report=first.report, start=first.start))


def test_returning_or_reopening_needs_a_note_in_the_database(editor):
    claim = ClaimFactory()
    assert_refused(
        lambda: Decision.objects.create(
            claim=claim, round=1, kind="return", editor=editor
        )
    )
    assert_refused(
        lambda: Decision.objects.create(
            claim=claim, round=1, kind="approve", editor=editor
        )
    )


def test_a_review_needs_a_rationale():
    assert_refused(lambda: ReviewFactory(rationale=""))


def test_status_cannot_be_assigned_directly():
    claim = ClaimFactory()
    with pytest.raises(AttributeError):
        claim.status = "published"
    assert Claim.objects.get(pk=claim.pk).status == "new"
