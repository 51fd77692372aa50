"""Reading an uploaded report: the one bounded reader the web, admin and API share."""

from django.conf import settings


def read_report_upload(upload) -> bytes:
    """The upload's bytes, at most one past ``IMPORT_MAX_BYTES``.

    One byte past the limit is kept so that the importer names the size in its
    refusal, without holding an arbitrarily large upload in memory.
    """
    limit = settings.IMPORT_MAX_BYTES
    chunks, size = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[: limit + 1]
