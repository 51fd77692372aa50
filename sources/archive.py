"""Serving an archived copy: never as part of the app, whoever may open it.

The copy is served with ``Content-Security-Policy: sandbox; default-src 'none'``
(a unique opaque origin: no script, no plug-in, no request back to the app, no
access to its cookies or storage), ``X-Content-Type-Options: nosniff`` and an
explicit ``Content-Disposition``. Who may open which copy is decided by the
views (desk: staff; public verdict pages: copies cited by a published verdict).
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from sources.models import Snapshot

ARCHIVE_CSP = "sandbox; default-src 'none'"
_EXTENSIONS = {
    "text/html": "html",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "text/csv": "csv",
}
# Shown inline (the sandbox holds them); anything else is downloaded.
_INLINE = {"text/html", "text/plain", "text/csv"}


def archived_copy_response(snapshot: Snapshot) -> FileResponse:
    if not snapshot.body:
        raise Http404(_("This snapshot holds no archived copy."))
    try:
        handle = default_storage.open(snapshot.body.name, "rb")
    except FileNotFoundError:
        raise Http404(_("The archived copy is missing from the storage.")) from None
    content_type = snapshot.content_type or "application/octet-stream"
    extension = _EXTENSIONS.get(content_type, "bin")
    disposition = "inline" if content_type in _INLINE else "attachment"
    served_type = content_type
    if content_type.startswith("text/"):
        served_type += "; charset=utf-8" if content_type != "text/html" else ""
    response = FileResponse(handle, content_type=served_type)
    response["Content-Disposition"] = (
        f'{disposition}; filename="source-{snapshot.source_id}-snapshot-'
        f'{snapshot.pk}.{extension}"'
    )
    response["Content-Security-Policy"] = ARCHIVE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    return response
