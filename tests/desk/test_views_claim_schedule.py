"""Due dates and priority: set by editors, shown and filtered on the desk."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from claims.services.workflow import claim_release
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_an_editor_sets_a_due_date_and_priority(client, editor):
    claim = ClaimFactory(status="researching")
    client.force_login(editor)
    due = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("desk:claim_schedule", args=[claim.pk]),
        {"due_on": due.isoformat(), "priority": 4, "expected_version": claim.version},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.due_on, claim.priority) == (due, 4)
    event = AuditEvent.objects.get(action="claim.scheduled")
    assert event.data["changes"]["priority"] == {"old": 2, "new": 4}


def test_a_researcher_may_not_set_due_dates(client, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert reverse("desk:claim_schedule", args=[claim.pk]) not in page
    response = client.post(
        reverse("desk:claim_schedule", args=[claim.pk]),
        {"due_on": "2030-01-01", "priority": 3, "expected_version": claim.version},
    )
    assert response.status_code == 403


def test_the_claims_list_filters_and_sorts_overdue_claims(client, editor):
    today = timezone.localdate()
    late = ClaimFactory(status="researching", due_on=today - timedelta(days=2))
    later = ClaimFactory(status="new", due_on=today - timedelta(days=1))
    ClaimFactory(status="researching", due_on=today + timedelta(days=5))
    ClaimFactory(status="published", verdict="true", due_on=today - timedelta(days=9))
    ClaimFactory(status="new")
    client.force_login(editor)
    response = client.get(
        reverse("desk:claim_list"), {"overdue": "true", "sort": "due"}
    )
    shown = [c.pk for c in response.context["claims"]]
    assert shown == [late.pk, later.pk]
    assert "(overdue)" in response.content.decode()


def test_the_dashboard_lists_overdue_claims(client, editor):
    late = ClaimFactory(
        status="researching", due_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(editor)
    page = client.get(reverse("desk:dashboard")).content.decode()
    section = page[page.index('id="overdue-heading"') :]
    assert f"#{late.pk} " in section[: section.index("</section>")]


def test_a_researcher_releases_a_claim_back_to_the_pool(client, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert "Release to the pool" in page and "Why you are giving it back" in page
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {
            "action": "release",
            "note": "Out sick this week.",
            "expected_version": claim.version,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.assignee_id) == ("new", None)
    event = AuditEvent.objects.get(action="claim.released")
    assert event.comment == "Out sick this week."


def test_only_the_holder_or_an_editor_releases_and_a_note_is_needed(
    researcher, other_researcher
):
    from django.core.exceptions import PermissionDenied, ValidationError

    claim = ClaimFactory(status="researching", assignee=researcher)
    with pytest.raises(PermissionDenied):
        claim_release(claim=claim, actor=other_researcher, note="Not mine.")
    with pytest.raises(ValidationError):
        claim_release(claim=claim, actor=researcher, note=" ")
