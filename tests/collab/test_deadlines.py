"""Due soon and overdue: the assignee is told once per due date."""

from datetime import date, timedelta

import pytest

from collab.models import Notification
from collab.services.deadlines import deadline_notifications
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 4)


def test_due_soon_then_overdue_once_each(settings, researcher):
    settings.DUE_SOON_DAYS = 2
    claim = ClaimFactory(
        status="researching", assignee=researcher, due_on=TODAY + timedelta(days=1)
    )
    ClaimFactory(
        status="researching", assignee=researcher, due_on=TODAY + timedelta(days=9)
    )
    ClaimFactory(status="published", verdict="true", assignee=researcher, due_on=TODAY)
    deadline_notifications(today=TODAY)
    deadline_notifications(today=TODAY)
    assert list(Notification.objects.values_list("kind", "claim_id")) == [
        ("due_soon", claim.pk)
    ]
    emails = deadline_notifications(today=TODAY + timedelta(days=2))
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == ["due_soon", "overdue"]
    overdue = Notification.objects.get(kind="overdue")
    assert emails == [overdue.pk], "overdue is e-mailed by default"
