"""GET /api/v1/notifications/: your own, unread first; marking them read."""

import pytest

from collab.models import Notification
from collab.services.dispatch import dispatch_events
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def notify(user, kind="assigned", claim=None, key=None, read=False):
    from django.utils import timezone

    return Notification.objects.create(
        recipient=user,
        kind=kind,
        key=key or f"test:{Notification.objects.count()}",
        claim=claim,
        read_at=timezone.now() if read else None,
    )


def test_an_assignment_made_through_the_api_appears_after_the_worker_runs(
    as_editor, as_researcher, researcher, run_worker, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(
            f"/api/v1/claims/{claim.pk}/actions/start_research/",
            {"assignee": researcher.pk},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert as_researcher.get("/api/v1/notifications/").json()["results"] == []

    run_worker()  # manage.py db_worker --batch (or an RQ burst)

    results = as_researcher.get("/api/v1/notifications/").json()["results"]
    assert [(n["kind"], n["claim"], n["read"]) for n in results] == [
        ("assigned", claim.pk, False)
    ]
    assert results[0]["created"] and results[0]["actor"] == "editor"


def test_only_your_own_notifications_are_listed_unread_first(
    as_researcher, researcher, other_researcher
):
    claim = ClaimFactory()
    old_unread = notify(researcher, claim=claim)
    read = notify(researcher, kind="returned", claim=claim, read=True)
    new_unread = notify(researcher, kind="mentioned", claim=claim)
    notify(other_researcher, claim=claim)
    listed = as_researcher.get("/api/v1/notifications/").json()["results"]
    assert [n["id"] for n in listed] == [new_unread.pk, old_unread.pk, read.pk]
    assert [n["read"] for n in listed] == [False, False, True]
    others = Notification.objects.get(recipient=other_researcher)
    assert as_researcher.get(f"/api/v1/notifications/{others.pk}/").status_code == 404


def test_marking_one_and_then_all_read(as_researcher, researcher):
    first, second, third = (notify(researcher) for _ in range(3))
    response = as_researcher.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.json() == {"marked": 1}
    response = as_researcher.post(
        "/api/v1/notifications/read/", {"ids": [second.pk]}, format="json"
    )
    assert response.json() == {"marked": 1}
    response = as_researcher.post("/api/v1/notifications/read/", {}, format="json")
    assert response.json() == {"marked": 1}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_off_the_desk_has_no_notifications(api):
    outsider = UserFactory(username="reader")
    api.force_authenticate(outsider)
    assert api.get("/api/v1/notifications/").status_code == 403


def test_the_dispatcher_reaches_the_api(as_editor, as_researcher, researcher):
    claim = ClaimFactory()
    as_editor.post(
        f"/api/v1/claims/{claim.pk}/actions/start_research/",
        {"assignee": researcher.pk},
        format="json",
    )
    dispatch_events()
    assert len(as_researcher.get("/api/v1/notifications/").json()["results"]) == 1


def test_notifications_page_by_keyset_unread_first_to_the_end_and_back(
    as_researcher, researcher
):
    claim = ClaimFactory()
    made = [notify(researcher, claim=claim, read=n % 2 == 0) for n in range(5)]
    listed = as_researcher.get("/api/v1/notifications/").json()["results"]
    in_order = [n["id"] for n in listed]
    assert sorted(in_order) == sorted(n.pk for n in made)

    body = as_researcher.get("/api/v1/notifications/", {"page_size": 2}).json()
    pages = [[n["id"] for n in body["results"]]]
    while body["next"]:
        assert "after=" in body["next"] and "count" not in body
        body = as_researcher.get(body["next"]).json()
        pages.append([n["id"] for n in body["results"]])

    assert sum(pages, []) == in_order
    back = as_researcher.get(body["previous"]).json()
    assert [n["id"] for n in back["results"]] == pages[-2]
