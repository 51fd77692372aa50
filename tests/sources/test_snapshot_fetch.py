"""Fetching a source's address: archived with hash and text, failures marked, limits."""

import hashlib
import socket

import pytest
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from config import outbound
from config.immutable import ImmutableRecord
from sources.models import LinkStatus, Snapshot, SnapshotOutcome
from sources.snapshots import snapshot_fetch
from tests.factories import SourceFactory
from tests.sources.webserver import Route

PAGE = (
    b"<!doctype html><html><head><title>Yearbook 2025</title></head><body>"
    b"<nav>Home | About</nav><article><h1>Population</h1>"
    b"<p>The resident population grew by 1.2 per cent in 2025, the statistics "
    b"office said in its yearbook published on Monday.</p>"
    b"<p>Births fell for the fifth year in a row, to 8.7 million, while deaths "
    b"rose slightly over the same period of twelve months.</p></article>"
    b"</body></html>"
)


@pytest.fixture
def page(web, db):
    web.routes["/yearbook"] = Route(body=PAGE)
    return SourceFactory(url=web.url("/yearbook"))


def test_a_page_is_archived_with_its_hash_status_and_text(page):
    snapshot = snapshot_fetch(source_id=page.pk)

    assert snapshot.outcome == SnapshotOutcome.ARCHIVED
    assert snapshot.status == 200
    assert snapshot.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert snapshot.size == len(PAGE)
    assert snapshot.content_type == "text/html"
    assert "Births fell for the fifth year in a row" in snapshot.text
    with default_storage.open(snapshot.body.name) as stored:
        assert stored.read() == PAGE
    page.refresh_from_db()
    assert page.link_status == LinkStatus.OK
    event = AuditEvent.objects.get(action="snapshot.taken")
    assert event.data["sha256"] == snapshot.sha256
    assert event.scope_id == str(page.pk)


def test_a_snapshot_never_changes(page, db_vendor):
    snapshot = snapshot_fetch(source_id=page.pk)
    with pytest.raises(ImmutableRecord):
        snapshot.save()
    with pytest.raises(ImmutableRecord):
        Snapshot.objects.filter(pk=snapshot.pk).update(sha256="0" * 64)
    from django.db import DatabaseError, connection, transaction

    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE sources_snapshot SET sha256 = 'x'")


def test_a_page_that_later_returns_404_is_marked_failing(page, web):
    snapshot_fetch(source_id=page.pk)
    web.routes["/yearbook"] = Route(404, b"gone")

    snapshot = snapshot_fetch(source_id=page.pk)

    assert snapshot.outcome == SnapshotOutcome.HTTP_ERROR
    assert snapshot.status == 404
    assert snapshot.sha256 == ""
    page.refresh_from_db()
    assert page.link_status == LinkStatus.FAILING
    assert page.version == 1  # the observation is no edit
    change = (
        AuditEvent.objects.filter(action="source.link_status_changed")
        .order_by("seq")
        .last()
    )
    assert change.data["changes"]["link_status"] == {"old": "ok", "new": "failing"}


def test_a_page_whose_content_changed_is_marked_changed(page, web):
    first = snapshot_fetch(source_id=page.pk)
    web.routes["/yearbook"] = Route(body=PAGE.replace(b"8.7 million", b"9.1 million"))

    second = snapshot_fetch(source_id=page.pk)

    assert second.outcome == SnapshotOutcome.ARCHIVED
    assert second.sha256 != first.sha256
    page.refresh_from_db()
    assert page.link_status == LinkStatus.CHANGED


def test_redirects_are_followed_and_each_hop_recorded(page, web):
    web.routes["/old"] = Route(301, headers={"Location": "/yearbook"})
    page.url = web.url("/old")
    page.save()

    snapshot = snapshot_fetch(source_id=page.pk)

    assert snapshot.outcome == SnapshotOutcome.ARCHIVED
    assert [hop["status"] for hop in snapshot.hops] == [301, 200]
    assert snapshot.final_url == web.url("/yearbook")


def test_a_redirect_to_loopback_from_a_public_name_is_refused(web, settings, db):
    """news.example resolves to a public address (routed to the test server); it
    redirects to 127.0.0.1, which is refused without being requested."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    public_ip = "93.184.215.14"
    web.routes["/story"] = Route(302, headers={"Location": web.url("/internal-admin")})
    web.routes["/internal-admin"] = Route(body=b"secret")
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (public_ip, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def fake_connect(address, *args, **kwargs):
        if address[0] == public_ip:
            address = ("127.0.0.1", address[1])
        return real_connect(address, *args, **kwargs)

    source = SourceFactory(url=f"http://news.example:{web.port}/story")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbound.socket, "getaddrinfo", fake_getaddrinfo)
        patch.setattr(outbound.socket, "create_connection", fake_connect)
        snapshot = snapshot_fetch(source_id=source.pk)

    assert snapshot.outcome == SnapshotOutcome.REFUSED
    assert "127.0.0.1" in snapshot.error
    assert snapshot.hops[0]["status"] == 302
    assert snapshot.hops[1]["refused"] is True
    assert web.requested == ["/story"]  # the private address was never called
    source.refresh_from_db()
    assert source.link_status == LinkStatus.FAILING


def test_loopback_is_refused_unless_private_addresses_are_allowed(page, settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    assert snapshot_fetch(source_id=page.pk).outcome == SnapshotOutcome.REFUSED
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    assert snapshot_fetch(source_id=page.pk).outcome == SnapshotOutcome.ARCHIVED


def test_an_oversize_response_is_cut_and_recorded(page, web, settings):
    settings.SOURCE_FETCH_MAX_BYTES = 1000
    web.routes["/yearbook"] = Route(body=b"<html><body>" + b"x" * 50_000)

    snapshot = snapshot_fetch(source_id=page.pk)

    assert snapshot.outcome == SnapshotOutcome.TOO_LARGE
    assert snapshot.size == 1001
    assert snapshot.sha256 == "" and not snapshot.body
    assert "1000 bytes" in snapshot.error


def test_a_slow_response_is_cut_at_the_time_limit(page, web, settings):
    import time

    settings.SOURCE_FETCH_TIMEOUT_SECONDS = 1.0
    web.routes["/yearbook"] = Route(body=PAGE * 10, drip_seconds=0.2)

    started = time.monotonic()
    snapshot = snapshot_fetch(source_id=page.pk)

    assert time.monotonic() - started < 3
    assert snapshot.outcome == SnapshotOutcome.TOO_SLOW
    assert snapshot.sha256 == ""
