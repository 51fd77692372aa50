"""Writes of snapshots: fetch a source's address or store an uploaded document.

Each snapshot and each change of a source's link status is recorded in the
audit trail; the body goes to the default storage, named by its SHA-256, so the
same bytes are stored once.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from sources import fetch
from sources.models import (
    LinkStatus,
    Snapshot,
    SnapshotOrigin,
    SnapshotOutcome,
    Source,
    SourceKind,
)
from sources.permissions import user_can_add_source
from sources.text import describe

FETCH_VIA = "task sources.tasks.fetch_snapshot"
# What an upload may be: the sniffed type, not the name, decides.
UPLOAD_TYPES = {"application/pdf", "text/html", "text/plain", "text/csv"}


def _store(body: bytes, sha256: str) -> str:
    name = f"snapshots/{sha256[:2]}/{sha256}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(body))
    return name


def _previous_archived(source: Source) -> Snapshot | None:
    return (
        source.snapshots.filter(outcome=SnapshotOutcome.ARCHIVED)
        .order_by("retrieved", "id")
        .first()
    )


def snapshot_fetch(*, source_id: int) -> Snapshot | None:
    """Fetch the source's address now and record what came back (the task's body).

    The request is made outside any transaction; the record is written in one.
    """
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.url:
        return None
    retrieval = fetch.retrieve(source.url)
    body = retrieval.body
    sha256 = hashlib.sha256(body).hexdigest() if body else ""
    content_type, text = describe(body) if body else ("", "")
    stored = _store(body, sha256) if body else ""
    return _record(
        source_id=source_id,
        snapshot=Snapshot(
            origin=SnapshotOrigin.FETCH,
            outcome=retrieval.outcome,
            requested_url=retrieval.requested_url,
            final_url=retrieval.final_url,
            hops=retrieval.hops,
            status=retrieval.status,
            retrieved=timezone.now(),
            content_type=content_type or retrieval.declared_type.split(";")[0][:100],
            size=retrieval.size,
            sha256=sha256,
            body=stored,
            text=text,
            error=retrieval.error,
        ),
    )


@transaction.atomic
def _record(*, source_id: int, snapshot: Snapshot, actor=None) -> Snapshot:
    source = Source.objects.select_for_update().get(pk=source_id)
    first = _previous_archived(source)
    snapshot.source = source
    snapshot.save()
    audit.record(
        action="snapshot.taken",
        actor=actor,
        subject=snapshot,
        scope=source,
        via="" if actor is not None else FETCH_VIA,
        data={
            "outcome": snapshot.outcome,
            "status": snapshot.status,
            "sha256": snapshot.sha256,
            "size": snapshot.size,
            "content_type": snapshot.content_type,
            "hops": snapshot.hops,
            "error": snapshot.error,
        },
    )
    if snapshot.origin == SnapshotOrigin.UPLOAD:
        new_status = LinkStatus.UPLOADED
    elif snapshot.outcome != SnapshotOutcome.ARCHIVED:
        new_status = LinkStatus.FAILING
    elif first is not None and first.sha256 != snapshot.sha256:
        new_status = LinkStatus.CHANGED
    else:
        new_status = LinkStatus.OK
    old_status = source.link_status
    # The link status is the system's observation, not an edit: the source's
    # version (which guards editors' concurrent edits) stays as it is.
    Source.objects.filter(pk=source.pk).update(
        link_status=new_status, link_checked_at=snapshot.retrieved
    )
    if new_status != old_status:
        audit.record(
            action="source.link_status_changed",
            actor=actor,
            subject=source,
            via="" if actor is not None else FETCH_VIA,
            data={
                "status": new_status,
                "changes": {"link_status": {"old": old_status, "new": new_status}},
                "snapshot": snapshot.pk,
                "first_sha256": first.sha256 if first else "",
                "sha256": snapshot.sha256,
            },
        )
    return snapshot


@records_refusal("source.upload", subject_kwarg="source")
def source_from_upload(
    *, actor, data: bytes, file_name: str, title: str = "", kind: str = ""
) -> tuple[Source, bool]:
    """The source for an uploaded document: a new one, or the one already holding
    the same bytes (``created`` False). Refuses what is too large or not a PDF,
    HTML, plain-text or CSV file."""
    if not user_can_add_source(actor):
        raise PermissionDenied(_("Only researchers and editors may add sources."))
    limit = settings.SOURCE_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(megabytes)s MB.")
            % {"megabytes": limit // (1024 * 1024)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(document_sha256=sha256).first()
    if existing is not None:
        return existing, False
    content_type, text = describe(data)
    if content_type == "text/plain" and file_name.lower().endswith(".csv"):
        content_type = "text/csv"
    if content_type not in UPLOAD_TYPES:
        raise ValidationError(
            _("Upload a PDF, HTML, plain-text or CSV file (this one is %(type)s).")
            % {"type": content_type or _("unknown")},
            code="upload_type",
        )
    stored = _store(data, sha256)
    with transaction.atomic():
        if kind not in SourceKind.values:
            kind = SourceKind.OTHER
        source = Source(
            url=None,
            document_sha256=sha256,
            title=(title or "").strip()[:500] or file_name[:500] or sha256[:12],
            kind=kind,
            accessed_on=timezone.localdate(),
            added_by=actor,
            link_status=LinkStatus.UPLOADED,
        )
        source.full_clean()
        source.save()
        audit.record(
            action="source.uploaded",
            actor=actor,
            subject=source,
            data={"sha256": sha256, "file_name": file_name[:255], "size": len(data)},
        )
        _record(
            source_id=source.pk,
            actor=actor,
            snapshot=Snapshot(
                origin=SnapshotOrigin.UPLOAD,
                outcome=SnapshotOutcome.ARCHIVED,
                retrieved=timezone.now(),
                content_type=content_type,
                size=len(data),
                sha256=sha256,
                body=stored,
                file_name=file_name[:255],
                text=text,
            ),
        )
    return source, True


def sources_due_for_recheck(*, now=None, limit: int = 200) -> list[int]:
    """Sources with an address not checked within SOURCE_RECHECK_SECONDS."""
    now = now or timezone.now()
    due = now - timedelta(seconds=settings.SOURCE_RECHECK_SECONDS)
    return list(
        Source.objects.filter(url__isnull=False)
        .filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lte=due))
        .order_by("link_checked_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
