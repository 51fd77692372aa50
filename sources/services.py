"""Writes of sources: create and edit, each recorded in the audit trail."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import audit
from audit.recorder import changes_between, records_refusal
from config.exceptions import StaleEdit
from config.tasks import enqueue_on_commit
from sources.models import Source, SourceKind
from sources.permissions import user_can_add_source, user_can_edit_source
from sources.tasks import fetch_snapshot
from sources.urlnorm import normalise_url

EDITABLE_FIELDS = (
    "url",
    "title",
    "publisher",
    "kind",
    "published_on",
    "accessed_on",
    "archive_url",
)


def _fields(source: Source) -> dict[str, Any]:
    return {field: getattr(source, field) for field in EDITABLE_FIELDS}


def _clean_archive_url(value: str) -> str:
    return normalise_url(value) if value else ""


@records_refusal("source.create", subject_kwarg="source")
@transaction.atomic
def source_create(
    *,
    actor,
    url: str,
    title: str = "",
    publisher: str = "",
    kind: str = SourceKind.OTHER,
    published_on: date | None = None,
    accessed_on: date | None = None,
    archive_url: str = "",
) -> Source:
    if not user_can_add_source(actor):
        raise PermissionDenied(_("Only researchers and editors may add sources."))
    normalised = normalise_url(url)
    if Source.objects.filter(url=normalised).exists():
        raise ValidationError(
            {"url": _("This source is already known.")}, code="duplicate_source"
        )
    if kind not in SourceKind.values:
        raise ValidationError(
            {"kind": _("Unknown source kind %(kind)r.") % {"kind": kind}}
        )
    source = Source(
        url=normalised,
        title=(title or "").strip() or normalised,
        publisher=publisher.strip(),
        kind=kind,
        published_on=published_on,
        accessed_on=accessed_on or date.today(),
        archive_url=_clean_archive_url(archive_url),
        added_by=actor,
    )
    source.full_clean()
    try:
        # A savepoint, so that losing a race with a concurrent add is a clean 400.
        with transaction.atomic():
            source.save()
    except IntegrityError:
        raise ValidationError(
            {"url": _("This source is already known.")}, code="duplicate_source"
        ) from None
    audit.record(
        action="source.created",
        actor=actor,
        subject=source,
        data={"changes": changes_between({}, _fields(source))},
    )
    # Archived in the background once the source exists for the worker.
    enqueue_on_commit(fetch_snapshot, source.pk)
    return source


def source_get_or_create(*, actor, url: str, **fields) -> tuple[Source, bool]:
    """The known source for this URL, or a new one (used when adding evidence)."""
    existing = Source.objects.filter(url=normalise_url(url)).first()
    if existing is not None:
        return existing, False
    return source_create(actor=actor, url=url, **fields), True


@records_refusal("source.change", subject_kwarg="source")
@transaction.atomic
def source_update(
    *, source: Source, actor, expected_version: int, changes: dict[str, Any]
) -> Source:
    locked = Source.objects.select_for_update().get(pk=source.pk)
    if not user_can_edit_source(actor, locked):
        raise PermissionDenied(_("Only researchers and editors may edit sources."))
    if locked.version != expected_version:
        raise StaleEdit(
            _("Someone else changed this source since you opened it."),
            current_version=locked.version,
        )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Fields that cannot be edited: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = _fields(locked)
    for field, value in changes.items():
        if field == "url":
            value = normalise_url(value)
            if Source.objects.filter(url=value).exclude(pk=locked.pk).exists():
                raise ValidationError(
                    {"url": _("Another source already has this address.")}
                )
        elif field == "archive_url":
            value = _clean_archive_url(value)
        setattr(locked, field, value)
    diff = changes_between(before, _fields(locked))
    if not diff:
        return locked
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit.record(
        action="source.changed", actor=actor, subject=locked, data={"changes": diff}
    )
    if "url" in diff:
        enqueue_on_commit(fetch_snapshot, locked.pk)
    return locked
