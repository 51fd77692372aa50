"""The admin's claim-match actions: resolve through the service, asking why."""

import pytest

from audit.models import AuditEvent
from claims.models import ClaimMatch
from claims.services.matching import claims_match
from tests.factories import ClaimFactory

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
