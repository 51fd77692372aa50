"""Adding a source queues its fetch after commit; the worker archives it; re-checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sources.models import LinkStatus, Snapshot, Source
from sources.snapshots import snapshot_fetch
from sources.tasks import recheck_sources
from tests.api.conftest import token_client
from tests.sources.test_snapshot_fetch import PAGE
from tests.sources.webserver import Route


def test_adding_a_source_through_the_api_archives_it_in_the_background(
    web, researcher, run_worker, django_capture_on_commit_callbacks
):
    web.routes["/report"] = Route(body=PAGE)
    client = token_client(researcher)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/sources/",
            {"url": web.url("/report"), "title": "Yearbook"},
            format="json",
        )

    assert response.status_code == 201
    assert response.json()["snapshots"] == []  # the request did not wait
    assert web.requested == []
    run_worker()
    detail = client.get(f"/api/v1/sources/{response.json()['id']}/").json()
    assert [s["status"] for s in detail["snapshots"]] == [200]
    snapshot = detail["snapshots"][0]
    assert set(snapshot) >= {"sha256", "status", "retrieved", "content_type", "size"}
    assert snapshot["content_type"] == "text/html"
    assert snapshot["size"] == len(PAGE)
    assert detail["link_status"] == "ok"


def test_the_desk_form_queues_the_fetch_after_commit(
    web, researcher, client, django_capture_on_commit_callbacks, run_worker
):
    web.routes["/page"] = Route(body=PAGE)
    client.force_login(researcher)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/sources/new/",
            {"url": web.url("/page"), "title": "Page", "kind": "other"},
        )

    assert response.status_code == 302
    assert len(callbacks) >= 1
    assert not Snapshot.objects.exists()
    run_worker()
    assert Snapshot.objects.get().sha256


@pytest.mark.django_db
def test_the_recheck_fetches_only_sources_due(web, settings, run_worker):
    web.routes["/a"] = Route(body=PAGE)
    web.routes["/b"] = Route(body=PAGE)
    from tests.factories import SourceFactory

    due = SourceFactory(url=web.url("/a"))
    fresh = SourceFactory(url=web.url("/b"))
    snapshot_fetch(source_id=due.pk)
    snapshot_fetch(source_id=fresh.pk)
    Source.objects.filter(pk=due.pk).update(
        link_checked_at=timezone.now()
        - timedelta(seconds=settings.SOURCE_RECHECK_SECONDS + 60)
    )
    web.routes["/a"] = Route(404, b"gone")

    recheck_sources.enqueue()
    run_worker()

    due.refresh_from_db()
    fresh.refresh_from_db()
    assert due.link_status == LinkStatus.FAILING
    assert fresh.link_status == LinkStatus.OK
    assert fresh.snapshots.count() == 1
