"""Convert an uploaded report (Markdown, PDF, HTML, DOCX) to Markdown with a page map.

A pure function of the file's bytes (no database, no storage): the importer, the
web form, the API and a background task can all call ``convert_report``. The
format is chosen by content (magic bytes and sniffing), never by the file name.
The rules are documented in docs/importer.md.
"""

from django.utils.translation import gettext as _

from claims.formats.converted import Converted
from claims.importer import ReportImportError, decode_report

MARKDOWN, PDF, HTML, DOCX = "markdown", "pdf", "html", "docx"
FORMAT_LABELS = {MARKDOWN: "Markdown", PDF: "PDF", HTML: "HTML", DOCX: "Word"}

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<?xml")


def sniff_format(data: bytes) -> str:
    """The report format of these bytes; refuse formats that are never reports."""
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # the DOCX reader refuses a ZIP archive that is not Word
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportImportError(
            _(
                "The file is an old Word (.doc) or Office document; save it as "
                ".docx or PDF and import it again."
            )
        )
    for magic, kind in _IMAGES:
        if head.startswith(magic):
            raise ReportImportError(
                _(
                    "The file is a %(kind)s image; ClaimTrail reads text and does "
                    "not run OCR. Import the report as PDF with text, HTML, DOCX "
                    "or Markdown."
                )
                % {"kind": kind}
            )
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while lowered.startswith(b"<!--"):
        end = lowered.find(b"-->")
        if end < 0:
            break
        lowered = lowered[end + 3 :].lstrip()
    if lowered.startswith(_HTML_STARTS) and (
        not lowered.startswith(b"<?xml") or b"<html" in lowered
    ):
        return HTML
    return MARKDOWN


_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def convert_report(data: bytes | str, *, max_bytes: int, max_pages: int) -> Converted:
    """The report as Markdown with its metadata and, for a PDF, each page's offset.

    Refuses (``ReportImportError``, one line) what is too large, broken, or holds
    no text; never raises anything else for any input.
    """
    if isinstance(data, str):
        return Converted(format=MARKDOWN, text=decode_report(data, max_bytes=max_bytes))
    if len(data) > max_bytes:
        decode_report(data, max_bytes=max_bytes)  # the size refusal, in one place
    kind = sniff_format(data)
    if kind == MARKDOWN:
        return Converted(format=MARKDOWN, text=decode_report(data, max_bytes=max_bytes))
    # Each reader imports its library only when a file of its format comes (the
    # HTML extractor alone takes a second to import).
    if kind == PDF:
        from claims.formats.pdf import pdf_to_markdown

        converted = pdf_to_markdown(data, max_pages=max_pages)
    elif kind == HTML:
        from claims.formats.html import html_to_markdown

        converted = html_to_markdown(data)
    else:
        from claims.formats.docx import docx_to_markdown

        converted = docx_to_markdown(data, max_bytes=max_bytes)
    if not converted.text.strip():
        raise ReportImportError(
            _("The %(format)s file contains no text to import.")
            % {"format": FORMAT_LABELS[kind]}
        )
    return converted


_MIME = {
    PDF: "application/pdf",
    HTML: "text/html",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    MARKDOWN: "text/plain",
}


def describe_document(data: bytes) -> tuple[str, str]:
    """(content type, text) of a source's archived body, sniffed by content.

    Registered with sources.text when the claims app starts, so that snapshots
    are read by the same extractors as imported reports. What is no document
    (an image, binary data, a damaged file) has no text.
    """
    from django.conf import settings

    try:
        kind = sniff_format(data)
    except ReportImportError:
        return "application/octet-stream", ""
    try:
        converted = convert_report(
            data, max_bytes=len(data), max_pages=settings.IMPORT_MAX_PAGES
        )
    except ReportImportError:
        return (_MIME[kind] if kind != MARKDOWN else "application/octet-stream"), ""
    return _MIME[kind], converted.text


__all__ = [
    "DOCX",
    "FORMAT_LABELS",
    "HTML",
    "MARKDOWN",
    "PDF",
    "Converted",
    "convert_report",
    "describe_document",
    "sniff_format",
]
