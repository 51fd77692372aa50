"""A saved web page to Markdown: the main text by trafilatura, metadata from the page."""

import re
from datetime import date

from django.utils.translation import gettext as _

from claims.formats.converted import Converted
from claims.importer import ReportImportError

# trafilatura's Markdown marks a line break inside a paragraph with two spaces or
# a backslash; the importer joins the lines of a paragraph anyway.
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")


def html_to_markdown(data: bytes) -> Converted:
    import trafilatura

    try:
        text = trafilatura.extract(
            data,
            output_format="markdown",
            include_formatting=True,
            include_tables=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            favor_recall=True,
            with_metadata=False,
            deduplicate=False,
        )
        metadata = trafilatura.extract_metadata(data)
    except Exception as exc:
        # lxml and the extractor raise many kinds of errors on a broken page.
        raise ReportImportError(
            _("The web page cannot be read: it is damaged (%(error)s).")
            % {"error": type(exc).__name__}
        ) from None
    if not text or not text.strip():
        raise ReportImportError(
            _("The web page has no main text to import (only navigation or markup).")
        )
    title = author = ""
    published_on = None
    if metadata is not None:
        title = " ".join((metadata.title or "").split())[:500]
        author = " ".join((metadata.author or "").split())[:300]
        published_on = _date(metadata.date)
    return Converted(
        format="html",
        text=_HARD_BREAK.sub("\n", text.replace("\r\n", "\n")).strip() + "\n",
        title=title,
        author=author,
        published_on=published_on,
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
