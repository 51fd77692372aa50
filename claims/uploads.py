"""Reading an upload: the one bounded reader the web, admin and API share."""

from django.conf import settings


def read_upload(upload, *, limit: int) -> bytes:
    """The upload's bytes, at most one past ``limit``.

    One byte past the limit is kept so that the caller names the size in its
    refusal, without holding an arbitrarily large upload in memory.
    """
    chunks, size = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[: limit + 1]


def read_report_upload(upload) -> bytes:
    """An uploaded report, bounded by ``IMPORT_MAX_BYTES``."""
    return read_upload(upload, limit=settings.IMPORT_MAX_BYTES)


def read_source_upload(upload) -> bytes:
    """An uploaded source document, bounded by ``SOURCE_UPLOAD_MAX_BYTES``."""
    return read_upload(upload, limit=settings.SOURCE_UPLOAD_MAX_BYTES)
