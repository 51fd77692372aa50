"""Snapshots on the pages: the source page, the sandboxed copy, the public verdict."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from claims.models import Claim
from collab.tasks import tick
from sources.models import LinkStatus, Source
from sources.snapshots import snapshot_fetch, source_from_upload
from tests.factories import ClaimFactory, SourceFactory
from tests.reviews.publishing import publish, research_and_submit
from tests.sources.test_snapshot_fetch import PAGE
from tests.sources.webserver import Route

SCRIPTED = (
    b"<!doctype html><html><body><article><p>The archived page says that the "
    b"harvest was the largest on record, at 706 million tonnes.</p></article>"
    b"<script>document.body.dataset.ran = 'yes'</script></body></html>"
)


@pytest.fixture
def archived(web, db):
    web.routes["/yearbook"] = Route(body=PAGE)
    source = SourceFactory(url=web.url("/yearbook"), title="Yearbook 2025")
    snapshot = snapshot_fetch(source_id=source.pk)
    return source, snapshot


def test_the_source_page_lists_snapshots_and_opens_the_copy_sandboxed(
    client, researcher, archived
):
    source, snapshot = archived
    client.force_login(researcher)

    page = client.get(reverse("desk:source_detail", args=[source.pk])).content.decode()
    copy = client.get(reverse("desk:snapshot", args=[source.pk, snapshot.pk]))

    assert snapshot.sha256[:12] in page
    assert "Open archived copy" in page
    assert copy.status_code == 200
    assert b"".join(copy.streaming_content) == PAGE
    assert copy["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert copy["Content-Disposition"].startswith("inline; filename=")
    assert copy["X-Content-Type-Options"] == "nosniff"


def test_only_desk_staff_open_a_copy_from_the_desk(client, archived):
    source, snapshot = archived
    response = client.get(reverse("desk:snapshot", args=[source.pk, snapshot.pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_the_sources_list_filters_on_the_link_status(client, researcher, archived):
    source, _ = archived
    broken = SourceFactory(title="A page that went away")
    Source.objects.filter(pk=broken.pk).update(link_status=LinkStatus.FAILING)
    client.force_login(researcher)

    failing = client.get(reverse("desk:source_list"), {"link_status": "failing"})
    ok = client.get(reverse("desk:source_list"), {"link_status": "ok"})

    assert list(failing.context["sources"]) == [broken]
    assert list(ok.context["sources"]) == [source]


def test_the_public_verdict_links_the_archived_copy_next_to_the_original(
    client, researcher, editor, archived
):
    source, snapshot = archived
    claim = publish(ClaimFactory(), researcher=researcher, editor=editor, source=source)

    html = client.get(reverse("reviews:verdict_detail", args=[claim.pk])).content
    copy_url = reverse("reviews:archived_copy", args=[claim.pk, snapshot.pk])
    copy = client.get(copy_url)

    assert f'href="{source.url}"'.encode() in html
    assert copy_url.encode() in html
    assert copy.status_code == 200
    assert copy["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_copy_no_published_verdict_cites_is_not_public(
    client, researcher, editor, archived, web
):
    source, snapshot = archived
    web.routes["/other"] = Route(body=PAGE)
    other = SourceFactory(url=web.url("/other"))
    private = snapshot_fetch(source_id=other.pk)
    claim = publish(ClaimFactory(), researcher=researcher, editor=editor, source=source)

    response = client.get(reverse("reviews:archived_copy", args=[claim.pk, private.pk]))

    assert response.status_code == 404


def _claim_with_excerpt(researcher, source, excerpt) -> Claim:
    from claims.services.evidence import evidence_add
    from claims.services.workflow import claim_start_research

    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    evidence_add(
        claim=claim, actor=researcher, source=source, stance="supports", excerpt=excerpt
    )
    return claim


def test_the_claim_page_says_whether_the_excerpt_is_in_the_archived_copy(
    client, researcher, archived
):
    source, snapshot = archived
    found = _claim_with_excerpt(
        researcher, source, "Births fell for the fifth year in a row, to 8.7 million"
    )
    missing = _claim_with_excerpt(researcher, source, "Births rose to 9 million")
    client.force_login(researcher)

    found_html = client.get(reverse("desk:claim_detail", args=[found.pk])).content
    missing_html = client.get(reverse("desk:claim_detail", args=[missing.pk])).content

    assert b"Quote found in the archived copy of" in found_html
    assert b"Not found in the archived copy" in missing_html


def test_the_check_runs_again_when_a_new_snapshot_arrives(
    client, researcher, archived, web
):
    source, _ = archived
    claim = _claim_with_excerpt(researcher, source, "Births rose to 9.1 million")
    client.force_login(researcher)
    url = reverse("desk:claim_detail", args=[claim.pk])
    assert b"Not found in the archived copy" in client.get(url).content

    web.routes["/yearbook"] = Route(
        body=PAGE.replace(b"fell for the fifth year in a row, to 8.7", b"rose to 9.1")
    )
    snapshot_fetch(source_id=source.pk)

    assert b"Quote found in the archived copy of" in client.get(url).content


def test_the_editor_sees_the_quote_check_in_the_approve_preview(
    client, researcher, editor, archived
):
    source, _ = archived
    claim = research_and_submit(ClaimFactory(), researcher=researcher, source=source)
    client.force_login(editor)

    html = client.get(reverse("desk:approve_preview", args=[claim.pk])).content

    # The helper's excerpt ("Table 3 gives 38.1%.") is not in the yearbook page.
    assert b"Not found in the archived copy" in html


def test_an_uploaded_document_is_one_source_per_hash(client, researcher):
    data = b"region,harvest\nnorth,706\nsouth,512\n"
    client.force_login(researcher)

    first = client.post(
        reverse("desk:source_upload"),
        {"file": SimpleUploadedFile("harvest.csv", data), "kind": "dataset"},
    )
    again = client.post(
        reverse("desk:source_upload"),
        {"file": SimpleUploadedFile("copy.csv", data), "kind": "dataset"},
    )

    source = Source.objects.get()
    assert first["Location"] == again["Location"] == f"/sources/{source.pk}/"
    assert source.url is None and source.link_status == LinkStatus.UPLOADED
    snapshot = source.snapshots.get()
    assert snapshot.content_type == "text/csv"
    assert "north,706" in snapshot.text
    assert AuditEvent.objects.filter(action="source.uploaded").count() == 1


def test_an_upload_over_the_cap_or_of_another_type_is_refused(researcher, settings):
    from django.core.exceptions import ValidationError

    settings.SOURCE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        source_from_upload(actor=researcher, data=b"x" * 101, file_name="a.txt")
    settings.SOURCE_UPLOAD_MAX_BYTES = 10_000
    with pytest.raises(ValidationError, match="PDF, HTML, plain-text or CSV"):
        source_from_upload(
            actor=researcher, data=b"\x89PNG\r\n\x1a\n" + b"\0" * 50, file_name="a.png"
        )
    assert not Source.objects.exists()


def test_the_tick_queues_the_recheck_of_sources_due(web, db, run_worker):
    web.routes["/a"] = Route(body=PAGE)
    source = SourceFactory(url=web.url("/a"))
    snapshot_fetch(source_id=source.pk)
    Source.objects.filter(pk=source.pk).update(
        link_checked_at=timezone.now() - timedelta(days=30)
    )
    web.routes["/a"] = Route(body=PAGE.replace(b"8.7", b"8.9"))

    tick.enqueue()
    run_worker()

    source.refresh_from_db()
    assert source.link_status == LinkStatus.CHANGED


def test_every_snapshot_and_status_change_is_in_an_intact_audit_trail(
    web, researcher, db
):
    from io import StringIO

    from django.core.management import call_command

    web.routes["/a"] = Route(body=PAGE)
    source = SourceFactory(url=web.url("/a"))
    snapshot_fetch(source_id=source.pk)
    web.routes["/a"] = Route(500, b"down")
    snapshot_fetch(source_id=source.pk)
    source_from_upload(actor=researcher, data=b"plain text notes\n", file_name="n.txt")

    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "snapshot.taken",
        "source.link_status_changed",  # unchecked → ok
        "snapshot.taken",
        "source.link_status_changed",  # ok → failing
        "source.uploaded",
        "snapshot.taken",  # the upload's status is "uploaded" from the start
    ]
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue().lower(), out.getvalue()
