"""A Word (.docx) file to Markdown with python-docx: headings, lists, tables, bold."""

import io
import re
import zipfile

from django.utils.translation import gettext as _

from claims.formats.converted import Converted, MarkdownWriter, Run
from claims.importer import ReportImportError

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A DOCX is a ZIP archive: refuse one that unpacks to far more than it weighs.
_MAX_UNPACK_RATIO = 20
_MAX_MEMBERS = 2000


def docx_to_markdown(data: bytes, *, max_bytes: int) -> Converted:
    _check_archive(data, max_bytes=max_bytes)
    try:
        return _convert(data)
    except ReportImportError:
        raise
    except Exception as exc:
        # python-docx and lxml raise many kinds of errors on a damaged file.
        raise ReportImportError(
            _("The Word file cannot be read: it is damaged (%(error)s).")
            % {"error": type(exc).__name__}
        ) from None


def _check_archive(data: bytes, *, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReportImportError(
            _("The file is a damaged ZIP archive (a Word file must be a valid .docx).")
        ) from None
    if "word/document.xml" not in names:
        raise ReportImportError(
            _("The file is a ZIP archive but not a Word (.docx) document.")
        )
    unpacked = sum(member.file_size for member in members)
    if len(members) > _MAX_MEMBERS or unpacked > _MAX_UNPACK_RATIO * max_bytes:
        raise ReportImportError(
            _(
                "The Word file unpacks to far more than its size; it is refused "
                "as a ZIP bomb."
            )
        )


def _convert(data: bytes) -> Converted:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    writer = MarkdownWriter()
    for element in document.iter_inner_content():
        if isinstance(element, Table):
            writer.table([[cell.text for cell in row.cells] for row in element.rows])
        elif isinstance(element, Paragraph):
            _paragraph(writer, element)
    text, _pages = writer.result()
    properties = document.core_properties
    return Converted(
        format="docx",
        text=text,
        title=" ".join((properties.title or "").split())[:500],
        author=" ".join((properties.author or "").split())[:300],
    )


def _paragraph(writer: MarkdownWriter, paragraph) -> None:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = _HEADING_STYLE.match(style)
    if heading or style.lower() == "title":
        level = int(heading.group(1)) if heading else 1
        writer.heading(level, paragraph.text)
        return
    runs = [
        Run(run.text, bool(run.bold), bool(run.italic))
        for run in paragraph.runs
        if run.text
    ]
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.find(f"{_WORD_NS}numPr") is not None
    listed = numbered or style.lower().startswith("list")
    writer.paragraph(runs, bullet="- " if listed else "")
