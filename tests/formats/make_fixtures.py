"""Regenerate the seed report as PDF, HTML and DOCX (fixtures/china-ai-2024-2026-report.*).

Run once, by hand, when the seed report changes; the outputs are committed:
  /work/main/.venv/bin/python tests/formats/make_fixtures.py
The HTML is the Markdown rendered by markdown-it in a page with navigation, a
byline and a footer (as a saved web page has); the PDF is Chromium's headless
print-to-PDF of that page, with its default header and footer (date, title, URL,
page numbers), which the PDF reader must drop; the DOCX is written with
python-docx from the same Markdown tokens (headings, bold runs, bullet lists).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The importer's own Markdown dialect (a "---" under prose is a separator).
from claims.importer import _MD  # noqa: E402

SOURCE = ROOT / "fixtures" / "china-ai-2024-2026-report.md"
TITLE = "How China Is Scaling, Regulating, and Re-Engineering Its AI Ecosystem"
AUTHOR = "ClaimTrail Seed Desk"
DATE = "2026-01-15"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}">
<meta name="description" content="A report on China's AI ecosystem.">
<style>
body {{ font-family: serif; max-width: 42em; margin: 0 auto; }}
nav, footer {{ font-size: 0.8em; color: #555; }}
</style>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/reports/">Reports</a> | <a href="/about/">About</a></nav>
<article>
<p class="byline">By {author}, <time datetime="{date}">{date}</time></p>
{body}
</article>
<footer><p>Copyright 2026 ClaimTrail seed desk. All rights reserved.</p></footer>
</body>
</html>
"""


def write_html(markdown: str, target: Path) -> None:
    body = _MD.render(markdown)
    target.write_text(
        PAGE.format(title=TITLE, author=AUTHOR, date=DATE, body=body), "utf-8"
    )


def write_pdf(html: Path, target: Path) -> None:
    # The print of the bare rendered Markdown (no nav or footer): what a desk
    # gets when someone prints the report from a browser.
    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "report.html"
        page.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{TITLE}</title></head><body>"
            + _MD.render(SOURCE.read_text("utf-8"))
            + "</body></html>",
            "utf-8",
        )
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--print-to-pdf={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def _add_inline(paragraph, token) -> None:
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def write_docx(markdown: str, target: Path) -> None:
    document = Document()
    document.core_properties.title = TITLE
    document.core_properties.author = AUTHOR
    tokens = _MD.parse(markdown)
    heading_level = 0
    list_depth = 0
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "bullet_list_open":
            list_depth += 1
        elif token.type == "bullet_list_close":
            list_depth -= 1
        elif token.type == "inline" and heading_level:
            document.add_heading(token.content.replace("**", ""), heading_level)
        elif token.type == "inline":
            style = "List Bullet" if list_depth else None
            _add_inline(document.add_paragraph(style=style), token)
    document.save(target)


def main() -> int:
    markdown = SOURCE.read_text("utf-8")
    html = SOURCE.with_suffix(".html")
    write_html(markdown, html)
    write_pdf(html, SOURCE.with_suffix(".pdf"))
    write_docx(markdown, SOURCE.with_suffix(".docx"))
    for suffix in (".html", ".pdf", ".docx"):
        path = SOURCE.with_suffix(suffix)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
