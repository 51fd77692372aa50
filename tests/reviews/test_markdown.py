"""Rationales and notes: safe Markdown on the pages, plain text for machines; XSS.

The payloads go in through the services, as people would type them, and are read
back from every page and file that shows them: the claim page, the approval
preview, the public verdict page (and its JSON-LD), the feed and the exports.
"""

import re

import pytest
from django.urls import reverse

from reviews.markdown import LINK_REL, plain_text, render_markdown
from reviews.services import claim_approve, claim_reopen
from tests.factories import AppearanceFactory, ClaimFactory
from tests.reviews.publishing import publish, research_and_submit

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox(1))",
    "[rel](/admin/)",
    "![pixel](https://tracker.example.org/p.gif)",
    '<a href="javascript:alert(1)">x</a>',
    '[x](https://ok.example.org/" onmouseover="alert(1))',
    "<https://ok.example.org/?q=<script>>",
]


def _links(html: str) -> list[str]:
    return re.findall(r"<a\s[^>]*href=\"([^\"]*)\"", html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_markup_or_unsafe_link_survives(payload):
    html = str(render_markdown(f"Before {payload} after"))

    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]+\son\w+=", html)
    for href in _links(html):
        assert href.startswith(("https://", "http://", "mailto:")), href


def test_links_are_marked_as_not_ours():
    html = str(
        render_markdown("See https://stats.example.org/a and [b](https://b.org)")
    )

    assert html.count(f'rel="{LINK_REL}"') == 2
    assert '<a href="https://stats.example.org/a"' in html


def test_emphasis_lists_and_line_breaks_render():
    html = str(render_markdown("**95%** of it\r\n\r\n- one\r\n- two\r\nline"))

    assert "<strong>95%</strong>" in html
    assert "<li>one</li>" in html
    assert "<h1" not in str(render_markdown("# Not a heading"))


def test_plain_text_has_no_markup_and_unix_newlines():
    text = plain_text(
        "The yearbook gives **38.1%**.\r\n\r\n- [table 3](https://s.org/t3)\r\n"
        "- `code` <b>bold</b>"
    )

    assert text == (
        "The yearbook gives 38.1%.\n\n- table 3 (https://s.org/t3)\n- code <b>bold</b>"
    )
    assert "\r" not in text


@pytest.mark.django_db
def test_payloads_in_a_rationale_and_notes_stay_inert_on_every_surface(
    client, researcher, editor
):
    payload = " ".join(PAYLOADS)
    claim = ClaimFactory(
        text=f"Exports grew {PAYLOADS[0]}", claimant=PAYLOADS[1], short_claim="x"
    )
    AppearanceFactory(claim=claim, quote=f"Quote {PAYLOADS[1]}")
    claim = publish(claim, researcher=researcher, editor=editor)
    claim = claim_reopen(claim=claim, actor=editor, reason=payload, public_note=payload)
    claim = research_and_submit(claim, researcher=researcher, rating="false")
    claim.reviews.filter(round=claim.review_round).update(rationale=payload)
    client.force_login(editor)
    preview = client.get(reverse("desk:approve_preview", args=[claim.pk]))
    under_correction = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
    claim_approve(claim=claim, actor=editor, note=payload)
    pages = {
        "preview": preview.content.decode(),
        "under correction": under_correction.content.decode(),
        "claim page": client.get(
            reverse("desk:claim_detail", args=[claim.pk])
        ).content.decode(),
        "verdict page": client.get(
            reverse("reviews:verdict_detail", args=[claim.pk])
        ).content.decode(),
    }
    for name, html in pages.items():
        scripts = re.findall(r"<script[^>]*>", html)
        # JSON-LD, and on the desk its own static script (static/js/desk.js).
        assert set(scripts) <= {
            '<script type="application/ld+json">',
            '<script src="/static/js/desk.js" defer>',
        }, name
        assert "<img" not in html, name
        assert not re.search(r"<[a-z]+[^>]*\son(error|mouseover)=", html), name
        for href in _links(html):
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:"))
    jsonld = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        pages["verdict page"],
        flags=re.S,
    ).group(1)
    assert "<" not in jsonld  # escaped as \\u003C inside the script element
    feed = client.get(reverse("reviews:feed")).content.decode()
    assert "**" not in feed and "\\r\\n" not in feed
    # The exports carry the words as plain text (a refused link stays words).
    row = client.get(reverse("reviews:export_json")).json()["verdicts"][0]
    assert row["rationale"] == plain_text(payload)
    assert row["correction_note"] == plain_text(payload)
