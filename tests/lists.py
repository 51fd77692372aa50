"""Reading a list's sortable column headers as a reader would: by the header's
text, its link and its ``aria-sort``; and the line that counts the results."""

import html
import re


def header(page: str, text: str) -> tuple[str, str | None]:
    """The link of the column header that says ``text`` (unescaped, to follow)
    and its ``aria-sort`` (None when the list is not sorted by it)."""
    found = re.search(
        r'<th scope="col"(?: class="[^"]*")?(?: aria-sort="(\w+)")?>'
        r'<a href="([^"]+)" class="sort-link"[^>]*>' + re.escape(text) + r"[ <]",
        page,
    )
    assert found, f"no sortable header {text!r}"
    return html.unescape(found.group(2)), found.group(1)


def count_line(page: str) -> str:
    """The result count above a list, as it reads ("3 sources · 2 on this page")."""
    found = re.search(r'<p class="result-count"[^>]*>(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""
