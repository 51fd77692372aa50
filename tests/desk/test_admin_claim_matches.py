"""The admin's claim-match actions: resolve through the service, asking why."""

import pytest

from audit.models import AuditEvent
from claims.models import ClaimMatch
from claims.services.matching import claims_match
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db

URL = "/admin/claims/claimmatch/"


def test_an_editor_marks_a_match_distinct_in_the_admin(client, editor):
    ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    client.force_login(editor)
    form = {"action": "resolve_distinct", "_selected_action": [match.pk]}
    asked = client.post(URL, form)
    assert "Why" in asked.content.decode()
    client.post(URL, {**form, "apply": "1", "note": "Different plants."})
    match.refresh_from_db()
    assert (match.status, match.resolved_by) == ("distinct", editor)
    event = AuditEvent.objects.get(action="claim.match_rejected")
    assert (event.actor, event.comment) == (editor, "Different plants.")
    assert ClaimMatch.objects.count() == 1


def test_an_editor_merges_a_match_in_the_admin(client, editor):
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    AppearanceFactory(claim=new)
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    client.force_login(editor)
    form = {"action": "resolve_same", "_selected_action": [match.pk]}
    asked = client.post(URL, form).content.decode()
    assert "Confirm as the same claim (merge the newer)" in asked
    assert "Why" in asked
    done = client.post(URL, {**form, "apply": "1", "note": "Same plant."}, follow=True)
    assert ": 1 match." in done.content.decode()
    match.refresh_from_db()
    new.refresh_from_db()
    assert (match.status, match.resolved_by, match.note) == (
        "same",
        editor,
        "Same plant.",
    )
    assert (new.merged_into, new.status) == (old, "merged")
    assert old.appearances.count() == 1
    event = AuditEvent.objects.get(action="claim.match_confirmed")
    assert (event.actor, event.comment) == (editor, "Same plant.")
    assert AuditEvent.objects.filter(action="claim.merged").count() == 2


def test_a_refused_merge_in_the_admin_says_why_and_changes_nothing(client, editor):
    from tests.factories import EvidenceFactory

    ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    EvidenceFactory(claim=new, added_by=editor)
    client.force_login(editor)
    form = {"action": "resolve_same", "_selected_action": [match.pk], "apply": "1"}
    done = client.post(URL, {**form, "note": "Same plant."}, follow=True)
    assert "already has work" in done.content.decode()
    match.refresh_from_db()
    new.refresh_from_db()
    assert (match.status, new.merged_into) == ("suggested", None)


def test_an_editor_finds_researchers_proposals_on_external_matches(
    client, researcher, editor
):
    from claims.models import ExternalMatch
    from claims.services.external import external_factchecks_import
    from claims.services.matching import external_match_propose

    claim = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    external_factchecks_import(
        actor=editor,
        data=b'{"@type": "ClaimReview", "url": "https://checks.example.org/s",'
        b' "claimReviewed": "The Shenzhen plant made 4,000 chips in March 2025.",'
        b' "author": {"name": "Example Checker"},'
        b' "reviewRating": {"alternateName": "False"}}',
    )
    match = ExternalMatch.objects.get(claim=claim)
    external_match_propose(match=match, actor=researcher, status="same", note="Same.")
    client.force_login(editor)
    url = "/admin/claims/externalmatch/"
    proposed = client.get(url, {"proposed_status__exact": "same"}).content.decode()
    assert f"/admin/claims/externalmatch/{match.pk}/change/" in proposed
    none = client.get(url, {"proposed_status__exact": "distinct"}).content.decode()
    assert f"/admin/claims/externalmatch/{match.pk}/change/" not in none
    form = {"action": "resolve_same", "_selected_action": [match.pk]}
    client.post(url, {**form, "apply": "1", "note": "Agreed with Rosa."})
    match.refresh_from_db()
    assert (match.status, match.resolved_by) == ("same", editor)
    event = AuditEvent.objects.get(action="claim.external_match_confirmed")
    assert (event.data["proposed"], event.comment) == ("same", "Agreed with Rosa.")
