"""The inbox page, the unread count in the navigation, and notification settings."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from collab.models import Channel, DigestSubscription, Notification, NotificationKind
from collab.models import NotificationPreference as Preference
from tests.factories import ClaimFactory, UserFactory
from tests.lists import count_line
from tests.paging import walk, walk_back

pytestmark = pytest.mark.django_db


def notify(user, kind="assigned", note="", claim=None):
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        key=f"test:{Notification.objects.count()}",
        claim=claim or ClaimFactory(text="Solar output rose 30% in 2025."),
        actor_label="editor",
        note=note,
    )


def test_the_navigation_counts_unread_notifications(client, researcher):
    client.force_login(researcher)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert 'data-unread="' not in page
    notify(researcher)
    notify(researcher, kind="returned")
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert 'data-unread="2"' in page
    assert '2<span class="visually-hidden"> unread</span>' in page


def test_the_inbox_shows_each_notification_with_its_claim_and_note(client, researcher):
    returned = notify(researcher, kind="returned", note="Check the 2024 base figure.")
    client.force_login(researcher)
    page = client.get(reverse("desk:inbox")).content.decode()
    assert "Returned to you" in page
    assert "Check the 2024 base figure." in page
    assert reverse("desk:claim_detail", args=[returned.claim_id]) in page
    assert "Solar output rose 30% in 2025." in page


def test_marking_one_read_then_all(client, researcher, other_researcher):
    first, second = notify(researcher), notify(researcher, kind="mentioned")
    theirs = notify(other_researcher)
    client.force_login(researcher)
    response = client.post(reverse("desk:inbox_mark_read"), {"notification": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read and not second.read
    client.post(reverse("desk:inbox_mark_read"))
    second.refresh_from_db()
    theirs.refresh_from_db()
    assert second.read and not theirs.read
    marked = AuditEvent.objects.filter(action="notification.read")
    assert [e.data["count"] for e in marked.order_by("seq")] == [1, 1]


def test_someone_cannot_mark_another_persons_notification(
    client, researcher, other_researcher
):
    theirs = notify(other_researcher)
    client.force_login(researcher)
    client.post(reverse("desk:inbox_mark_read"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert not theirs.read


def test_settings_choose_a_channel_per_kind_and_the_digest(client, researcher):
    client.force_login(researcher)
    page = client.get(reverse("desk:inbox_preferences"))
    assert page.status_code == 200
    form = {f"kind_{kind}": Channel.APP for kind in NotificationKind.values}
    form["kind_mentioned"] = Channel.OFF
    form["kind_assigned"] = Channel.EMAIL
    form["digest"] = "on"
    response = client.post(reverse("desk:inbox_preferences"), form)
    assert response.status_code == 302
    chosen = dict(
        Preference.objects.filter(user=researcher).values_list("kind", "channel")
    )
    assert chosen["mentioned"] == "off" and chosen["assigned"] == "email"
    assert DigestSubscription.objects.filter(user=researcher).exists()
    event = AuditEvent.objects.get(action="notification.preferences_changed")
    assert event.data["changes"]["mentioned"] == {"old": None, "new": "off"}
    page = client.get(reverse("desk:inbox_preferences")).content.decode()
    assert 'value="off" id="id_kind_mentioned_2" required checked' in page


def test_the_inbox_is_for_people_on_the_desk(client):
    client.force_login(UserFactory(username="reader"))
    assert client.get(reverse("desk:inbox")).status_code == 403


def test_the_inbox_pages_by_keyset_unread_first_newest_first(client, researcher):
    claim = ClaimFactory()
    made = [notify(researcher, claim=claim) for _ in range(7)]
    read = made[1::2]
    Notification.objects.filter(pk__in=[n.pk for n in read]).update(
        read_at=timezone.now()
    )
    # Equal times: the id decides, so no notification is lost between pages.
    Notification.objects.filter(pk__in=[n.pk for n in made[:4]]).update(
        created_at=made[0].created_at
    )
    client.force_login(researcher)
    unread = [n for n in made if n not in read]

    pages = walk(client, reverse("desk:inbox"), {"page_size": 2})

    expected = sorted(unread, key=_newest_first) + sorted(read, key=_newest_first)
    assert sum(pages, []) == [n.pk for n in expected]
    assert walk_back(client, reverse("desk:inbox"), {"page_size": 2}) == pages[::-1]


def _newest_first(notification):
    notification.refresh_from_db()
    return (-notification.created_at.timestamp(), -notification.pk)


def test_the_inbox_counts_every_notification_not_the_page(client, researcher):
    client.force_login(researcher)
    url = reverse("desk:inbox")
    assert count_line(client.get(url).content.decode()) == "0 notifications"
    notify(researcher)
    assert count_line(client.get(url).content.decode()) == "1 notification"
    for _ in range(2):
        notify(researcher)
    notify(UserFactory())  # someone else's
    page = client.get(url, {"page_size": 2}).content.decode()
    assert count_line(page) == "3 notifications · 2 on this page"
