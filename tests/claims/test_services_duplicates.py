"""Near duplicates found on import: flagged for an editor, never merged."""

import pytest

from audit.context import audit_context
from audit.models import AuditEvent
from claims.models import Claim, NearDuplicate
from claims.services.imports import report_import
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_near_duplicates_are_flagged_not_merged(editor, settings):
    settings.NEAR_DUPLICATE_THRESHOLD = 90
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    text = "# R\n\nThe Shenzhen plant produced 4,000 chips in March, 2025.\n"
    with audit_context():
        result = report_import(actor=editor, text=text)
    assert result.claims_created == 1
    assert result.near_duplicates_flagged == 1
    pair = NearDuplicate.objects.get()
    new = Claim.objects.exclude(pk=old.pk).get()
    assert (pair.claim, pair.other) == (old, new)
    assert pair.score >= 90
    assert pair.resolution == "open"
    event = AuditEvent.objects.get(action="claim.near_duplicate_flagged")
    assert event.subject_id == str(new.pk)
    assert event.data["other_id"] == new.pk


def test_threshold_setting_controls_flagging(editor, settings):
    settings.NEAR_DUPLICATE_THRESHOLD = 99.5
    ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    report_import(
        actor=editor, text="The Shenzhen plant produced 4,100 chips in March 2025.\n"
    )
    assert not NearDuplicate.objects.exists()


def test_a_pair_already_flagged_is_not_flagged_again(editor, settings):
    from claims.services.duplicates import near_duplicates_flag

    settings.NEAR_DUPLICATE_THRESHOLD = 90
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    assert near_duplicates_flag(actor=editor, new_claims=[new]) == 1
    assert near_duplicates_flag(actor=editor, new_claims=[new]) == 0
    assert NearDuplicate.objects.get().claim == old
    assert AuditEvent.objects.filter(action="claim.near_duplicate_flagged").count() == 1


def test_no_new_claims_flag_nothing(editor):
    from claims.services.duplicates import near_duplicates_flag

    ClaimFactory()
    assert near_duplicates_flag(actor=editor, new_claims=[]) == 0
    assert not NearDuplicate.objects.exists()
