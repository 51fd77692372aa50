"""XSS in Chromium: payloads in every user-editable field, every page, no script runs.

The payloads go in through the services (as a user would put them in), then each
page is opened in Chromium. On every page: ``window.__xss`` stays undefined, no
``<img src="x">`` element exists, every link is an http(s) address, and the payload
can be read on the page as plain text where the field is shown.
"""

import json
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError

from claims.models import Appearance, Claim
from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from claims.services.imports import report_import
from claims.services.workflow import claim_mark_not_checkable, claim_start_research
from config.roles import RESEARCHERS
from reviews.markdown import plain_text
from reviews.services import (
    claim_approve,
    claim_reopen,
    claim_return_for_research,
    claim_submit_for_review,
    review_submit,
)
from sources.services import source_create
from tests.e2e.conftest import login
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"
END_SCRIPT = "</script><script>window.__xss=1</script>"

# A report whose Markdown carries the payloads in headings, lead-ins, sentences,
# links (javascript: and data:), raw HTML blocks and a table.
REPORT = f"""---
title: Front matter {SCRIPT}
---
# Payload report {SCRIPT}

## Section {IMG}

<script>window.__xss=1</script>
<img src=x onerror="window.__xss=1">

- **Lead-in {IMG}:** The ministry said exports grew by 12% in 2025 {SCRIPT}.
- **Second lead-in:** The agency reported 31 percent growth in 2024 {END_SCRIPT}.

Read [the ministry's page]({JS_URL}) and [this image](data:image/png;base64,iVBORw0KGgo=) and <a href="{JS_URL}">this</a>: the bureau counted 5,000 firms in 2023.

| Region | Claim |
| --- | --- |
| North {IMG} | Output rose by 40% in 2022 {SCRIPT}. |

> A quote {SCRIPT}: the central bank cut rates by 0.5% in 2024.
"""

# The script-breaking sequence the JSON-LD block must survive, in a claim's text.
CLAIM_TEXT = f"Exports grew by 12% in 2025 {END_SCRIPT} {IMG} {SCRIPT}."
TOPIC = f"Topic {IMG} {SCRIPT}"
SHORT_CLAIM = f"Short {IMG}"[:75]
NAME = f"Rosa {SCRIPT}"
SURNAME = f"Surname {IMG}"
# Usernames appear in URLs (/audit/users/<name>/), so no "/" in this one.
USERNAME = '"><img src=x onerror="window.__xss=1">'


def _payload(label: str) -> str:
    """A payload that names its field, so a failure says which field leaked."""
    return f'{label} {SCRIPT} "><img src=x onerror="window.__xss=1"> {END_SCRIPT}'


class World:
    """The records every page shows, with a payload in each editable field."""

    def __init__(self, editor, other_editor, admin):
        self.editor, self.other_editor, self.admin = editor, other_editor, admin
        self.researcher = UserFactory(
            username=USERNAME,
            first_name=NAME,
            last_name=SURNAME,
            groups=[RESEARCHERS],
        )
        result = report_import(
            actor=editor,
            text=REPORT.encode(),
            title=_payload("Report title"),
            publisher=_payload("Report publisher"),
            url='https://example.org/report"onmouseover="window.__xss=1',
            filename="payload.md",
        )
        self.report = result.report
        claims = list(
            Claim.objects.filter(appearances__report=self.report)
            .distinct()
            .order_by("pk")
        )
        assert len(claims) >= 4, [c.text for c in claims]
        self.published, self.not_checkable, self.in_review = claims[:3]
        self.source = source_create(
            actor=editor,
            url='https://example.org/source?q="onmouseover="window.__xss=1"><script>',
            title=_payload("Source title"),
            publisher=_payload("Source publisher"),
            archive_url='https://archive.example.org/"><script>window.__xss=1</script>',
        )
        self._publish_with_correction()
        claim_mark_not_checkable(
            claim=self.not_checkable, actor=editor, reason=_payload("Not checkable")
        )
        self.in_review = self._research(self.in_review, "Second opinion")
        self.in_review = claim_submit_for_review(
            claim=self.in_review, actor=self.researcher
        )

    def _research(self, claim, label):
        if claim.status == "new":
            claim = claim_start_research(
                claim=claim, actor=self.editor, assignee=self.researcher
            )
        evidence = evidence_add(
            claim=claim,
            actor=self.researcher,
            source=self.source,
            stance="supports",
            excerpt=_payload(f"{label} excerpt"),
            locator=_payload(f"{label} locator"),
        )
        review_submit(
            claim=claim,
            actor=self.researcher,
            rating="mostly_true",
            rationale=_payload(f"{label} rationale"),
            cited_evidence_ids=[evidence.pk],
        )
        return claim

    def _publish_with_correction(self):
        claim = claim_update(
            claim=self.published,
            actor=self.editor,
            expected_version=self.published.version,
            changes={
                "text": CLAIM_TEXT,
                "topic": TOPIC,
                "short_claim": SHORT_CLAIM,
                "claimant": _payload("Claimant"),
            },
        )
        claim = self._research(claim, "Round 1")
        claim = claim_submit_for_review(claim=claim, actor=self.researcher)
        claim = claim_return_for_research(
            claim=claim, actor=self.editor, note=_payload("Return note")
        )
        claim = self._research(claim, "Round 2")
        claim = claim_submit_for_review(claim=claim, actor=self.researcher)
        claim = claim_approve(
            claim=claim, actor=self.other_editor, note=_payload("Approve note")
        )
        claim = claim_reopen(
            claim=claim,
            actor=self.editor,
            reason=_payload("Reopen reason"),
            public_note=_payload("Public note"),
        )
        claim = self._research(claim, "Round 3")
        claim = claim_submit_for_review(claim=claim, actor=self.researcher)
        self.published = claim_approve(claim=claim, actor=self.other_editor)


@pytest.fixture
def world(editor, other_editor, admin):
    return World(editor, other_editor, admin)


def _check_page(page, url: str, visible: list[str]) -> list[str]:
    """Open a page; the list of what went wrong on it (empty if nothing)."""
    problems = []
    response = page.goto(url)
    if response is None or response.status >= 400:
        return [f"{url}: HTTP {response.status if response else 'no response'}"]
    page.wait_for_load_state("load")
    if page.evaluate("typeof window.__xss") != "undefined":
        problems.append(f"{url}: a payload ran (window.__xss is set)")
    if page.locator('img[src="x"]').count():
        problems.append(f"{url}: an <img src=x> element was created")
    bad_links = page.evaluate(
        """() => [...document.querySelectorAll('[href], [src], [action], [formaction]')]
            .flatMap(el => ['href', 'src', 'action', 'formaction']
              .filter(a => el.hasAttribute(a))
              .map(a => el[a] || el.getAttribute(a)))
            .filter(u => typeof u === 'string' && u !== '')
            .filter(u => !/^https?:/i.test(new URL(u, document.baseURI).protocol))"""
    )
    if bad_links:
        problems.append(f"{url}: non-web addresses in links: {bad_links}")
    text = page.evaluate(
        "document.body ? document.body.innerText : document.documentElement.innerText"
    )
    text = " ".join(text.split())
    for expected in visible:
        if " ".join(expected.split()) not in text:
            problems.append(f"{url}: {expected!r} is not shown as text")
    return problems


def test_payloads_in_every_field_never_run_on_the_desk_pages(
    new_context, live_server, world, editor
):
    page = new_context().new_page()
    login(page, editor, live_server.url)
    base = live_server.url
    claim, report, source = world.published, world.report, world.source
    title, publisher = report.title, report.publisher
    pages = {
        "/": [],
        "/claims/": [CLAIM_TEXT],
        f"/claims/?q={quote(SCRIPT)}": [],
        f"/claims/?q={quote(IMG)}": [],
        f"/claims/{claim.pk}/": [
            CLAIM_TEXT,
            TOPIC,
            source.title,
            _payload("Round 3 excerpt"),
            _payload("Round 3 locator"),
            _payload("Round 3 rationale"),
            _payload("Return note"),
            _payload("Reopen reason"),
        ],
        f"/claims/{world.not_checkable.pk}/": [_payload("Not checkable")],
        f"/claims/{world.in_review.pk}/": [_payload("Second opinion rationale")],
        f"/claims/{world.in_review.pk}/approve/": [
            _payload("Second opinion rationale"),
            world.in_review.text,
        ],
        "/queue/": [],
        "/review-queue/": [world.in_review.text],
        "/reports/": [title, publisher],
        f"/reports/{report.pk}/": [title, publisher, "Section", "Lead-in"],
        "/sources/": [source.title],
        f"/sources/?q={quote(SCRIPT)}": [],
        f"/sources/{source.pk}/": [source.title, source.publisher],
        f"/sources/{source.pk}/edit/": [],
        "/audit/": [],
        "/audit/?action=claim.changed": [CLAIM_TEXT],
        f"/audit/claims/{claim.pk}/": [_payload("Reopen reason")],
        f"/audit/users/{quote(USERNAME)}/": [NAME],
    }
    problems = []
    for path, visible in pages.items():
        problems += _check_page(page, f"{base}{path}", visible)
    assert problems == []


def test_payloads_never_run_on_the_public_pages_and_the_json_ld_holds_them(
    new_context, live_server, world
):
    page = new_context().new_page()
    base = live_server.url
    claim = world.published
    problems = []
    problems += _check_page(page, f"{base}/verdicts/", [CLAIM_TEXT])
    problems += _check_page(
        page,
        f"{base}/verdicts/{claim.pk}/",
        [
            CLAIM_TEXT,
            _payload("Round 3 rationale"),
            _payload("Public note"),
            _payload("Claimant"),
            world.report.title,
        ],
    )
    problems += _check_page(page, f"{base}/verdicts/feed.json", [])
    assert problems == []

    page.goto(f"{base}/verdicts/{claim.pk}/")
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["claimReviewed"] == SHORT_CLAIM
    assert data["reviewBody"] == plain_text(_payload("Round 3 rationale"))
    assert data["itemReviewed"]["author"]["name"] == _payload("Claimant")
    assert plain_text(_payload("Public note")) in data["correction"][0]["text"]
    # Exactly the one JSON-LD script element: the payload opened no other.
    assert (
        page.locator("script:not([type='application/ld+json'])").evaluate_all(
            "els => els.filter(e => e.textContent.includes('__xss')).length"
        )
        == 0
    )


def test_payloads_never_run_in_the_admin(new_context, live_server, world, admin):
    page = new_context().new_page()
    login(page, admin, live_server.url)
    base = live_server.url
    claim = world.published
    pages = {
        "/admin/claims/claim/": [CLAIM_TEXT[:60]],  # the list shortens it
        f"/admin/claims/claim/?q={quote(SCRIPT)}": [],
        f"/admin/claims/claim/{claim.pk}/change/": [],
        "/admin/claims/report/": [world.report.title],
        f"/admin/claims/report/{world.report.pk}/change/": [],
        "/admin/sources/source/": [world.source.title],
        f"/admin/sources/source/{world.source.pk}/change/": [],
        "/admin/audit/auditevent/": [],
        "/admin/reviews/review/": [],
        "/admin/claims/evidence/": [],
    }
    problems = []
    for path, visible in pages.items():
        problems += _check_page(page, f"{base}{path}", visible)
    assert problems == []


def test_a_javascript_or_data_address_never_becomes_a_link(editor):
    # The report's original URL and a source's address are the two URLs a user
    # types; both are refused unless http(s) (the pages' links are checked above).
    for url in (JS_URL, "data:text/html,<script>alert(1)</script>", " javascript:x"):
        with pytest.raises(ValidationError):
            report_import(
                actor=editor, text=b"The GDP grew by 5% in 2024.", title="T", url=url
            )
        with pytest.raises(ValidationError):
            source_create(actor=editor, url=url, title="T")
    assert not Appearance.objects.exists()
