"""Walking a web page's keyset pages by the links a reader would follow."""

import html
import re

_LINK = r'rel="{}" href="([^"]+)"'


def walk(client, url: str, params: dict, *, rel: str = "next") -> list[list[int]]:
    """The row ids of each page, from the first one, following ``rel`` links."""
    response = client.get(url, params)
    pages = []
    while True:
        assert response.status_code == 200
        pages.append([row.pk for row in response.context["page"].object_list])
        link = re.search(_LINK.format(rel), response.content.decode())
        if link is None:
            return pages
        assert len(pages) < 100, "the pager loops"
        response = client.get(url + html.unescape(link.group(1)))


def walk_back(client, url: str, params: dict) -> list[list[int]]:
    """The pages from the last one back to the first, by the "previous" links."""
    pages = walk(client, url, params)
    # The last page is the one after the last row of the page before it.
    last = {**params, "after": pages[-2][-1]} if len(pages) > 1 else params
    return walk(client, url, last, rel="prev")
