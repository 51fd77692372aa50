"""In a real browser: the rough edges of the claim page (issue 20), and the reader.

A bad URL in the evidence form is named once; a timeline entry writes its dates
one way (in English and in German); an editor who wrote the verdict is told why
there is no Approve, and the 403 page does not send an editor to an editor; a
researcher corrects and withdraws their review before sending the claim for
review, each change in the timeline; on a phone the Actions come before the
timeline; the report reader outlines the claim jumped to and nothing else.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from claims.models import Appearance
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_start_research
from reviews.services import claim_approve, review_submit
from tests.e2e.conftest import PHONE, login, post_forged_action
from tests.e2e.data import seed_battery_claim
from tests.factories import ClaimFactory, SourceFactory
from tests.reviews.publishing import research_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_bad_url_in_the_evidence_form_is_named_once(page, live_server, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    page.locator("summary", has_text="Add evidence").click()
    page.get_by_label("Or a new source: URL").fill("not a url")
    page.get_by_role("radio", name="Supports").check()
    # The browser's own check of a URL field would stop the form before the
    # server's: this is what the server says to a browser that lets it through.
    page.locator("#add-evidence form[method=post]").evaluate("f => f.noValidate = true")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#add-evidence")).to_contain_text("Enter a valid URL.")
    expect(page.get_by_text("Enter a valid URL.")).to_have_count(1)


def _shape(text: str) -> str:
    """A date's shape: "1 Dec 2026 09:30:05" and "30 Nov 2026 18:59:57" alike."""
    return re.sub(r"\d+", "9", re.sub(r"[^\W\d_]+", "a", text.strip()))


def _entry(page, label: str):
    return page.locator("#timeline li.event", has_text=label).last


def _change(entry, field: str) -> str:
    return entry.locator(".changes div", has_text=field).locator("ins").inner_text()


@pytest.mark.parametrize("language", ["en-gb", "de"])
def test_a_timeline_entry_writes_its_dates_one_way(
    new_context, live_server, researcher, editor, language
):
    claim = research_and_submit(ClaimFactory(), researcher=researcher)
    context = new_context()
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    # The editor sets a due date through the form, as on any day.
    page.locator("#id_due_on").fill(date(2026, 12, 20).isoformat())
    page.locator("#schedule button[type=submit]").click()
    expect(page.locator(".messages .message-success")).to_have_count(1)
    claim_approve(claim=claim, actor=editor)
    page.reload()

    published_label, published_field, due_field = {
        "en-gb": ("Approved", "published at", "due on"),
        "de": ("Freigegeben", "veröffentlicht am", "fällig am"),
    }[language]
    approved = _entry(page, published_label)
    approved_at = approved.locator(".event-head time").inner_text()
    published_at = _change(approved, published_field)
    assert _shape(published_at) == _shape(approved_at), (published_at, approved_at)

    scheduled = page.locator("#timeline li.event", has=page.locator(".changes")).filter(
        has_text=due_field
    )
    scheduled_at = scheduled.locator(".event-head time").inner_text()
    due_on = _change(scheduled, due_field)
    assert "2026-12-20" not in due_on
    assert "20" in due_on and "2026" in due_on
    # The day written as the entry's own day is written (without the time).
    assert _shape(scheduled_at).startswith(_shape(due_on) + " "), (due_on, scheduled_at)
    if language == "en-gb":
        assert due_on == "20 Dec 2026"


def test_an_editor_who_wrote_the_verdict_is_told_why_and_the_403_says_why(
    new_context, live_server, editor, other_editor, researcher
):
    claim = research_and_submit(ClaimFactory(), researcher=editor)
    url = f"{live_server.url}/claims/{claim.pk}/"
    page = new_context().new_page()
    login(page, editor, live_server.url)
    page.goto(url)
    actions = page.locator("#actions")
    expect(actions.get_by_role("link", name=re.compile("approve", re.I))).to_have_count(
        0
    )
    expect(
        actions.get_by_role("button", name=re.compile("approve", re.I))
    ).to_have_count(0)
    expect(actions).to_contain_text(
        "You wrote the verdict under review, so another editor approves it"
    )
    # Another editor sees the way to approve, and no such note.
    other = new_context().new_page()
    login(other, other_editor, live_server.url)
    other.goto(url)
    expect(
        other.locator("#actions").get_by_role("link", name=re.compile("approve"))
    ).to_be_visible()
    expect(other.locator("#actions")).not_to_contain_text("You wrote the verdict")

    # An approval posted anyway.
    answer = post_forged_action(page, claim, "approve")
    assert answer.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not allowed to do that"
    )
    expect(page.locator("main")).not_to_contain_text("ask an editor")
    expect(page.locator(".next-steps")).to_contain_text("As an editor")
    # A researcher who opens an editor's page is sent to an editor.
    rosa = new_context().new_page()
    login(rosa, researcher, live_server.url)
    assert rosa.goto(f"{live_server.url}/review-queue/").status == 403
    expect(rosa.locator(".next-steps")).to_contain_text(
        "ask an editor or an administrator"
    )


def test_a_researcher_corrects_then_withdraws_their_review_before_sending_it(
    page, live_server, researcher
):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=SourceFactory(title="Energy yearbook 2025"),
        stance="supports",
        excerpt="Table 3 gives 38.1%.",
    )
    review_submit(
        claim=claim,
        actor=researcher,
        rating="true",
        rationale="The yearbook gives the same figure.",
        cited_evidence_ids=[evidence.pk],
    )
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    reviews = page.locator("#reviews")
    expect(reviews.locator(".review")).to_contain_text("True")

    change = reviews.locator("details.review-change")
    change.locator("summary").click()
    change.get_by_role("radio", name="Mostly true").check()
    change.get_by_label("Rationale").fill("The yearbook's figure is for 2024.")
    change.get_by_role("button", name="Save the corrected review").click()
    expect(page.locator(".messages")).to_contain_text("Your review was corrected.")
    expect(reviews.locator(".review")).to_contain_text("Mostly true")
    expect(reviews.locator(".review")).to_contain_text("for 2024")
    expect(_entry(page, "Review corrected")).to_contain_text("corrected their review")

    reviews.locator("details.review-change summary").click()
    reviews.get_by_role("button", name="Withdraw my review").click()
    expect(page.locator(".messages")).to_contain_text("Your review was withdrawn")
    expect(reviews.locator(".review")).to_have_count(0)
    expect(reviews.locator("summary", has_text="Submit your review")).to_be_visible()
    expect(_entry(page, "Review withdrawn")).to_contain_text("withdrew their review")


def _outlined(locator) -> bool:
    return locator.evaluate("el => getComputedStyle(el).outlineStyle") != "none"


def test_the_reader_outlines_every_part_of_the_claim_jumped_to_and_no_other(
    page, live_server, editor
):
    claim = seed_battery_claim(importer=editor)
    appearance = Appearance.objects.filter(claim=claim).first()
    login(page, editor, live_server.url)
    page.goto(
        f"{live_server.url}/reports/{appearance.report_id}/#appearance-{appearance.pk}"
    )
    parts = page.locator(f'mark.hl[data-appearance="{appearance.pk}"]')
    assert parts.count() > 1  # the claim is split around its bold words
    for index in range(parts.count()):
        assert _outlined(parts.nth(index)), f"part {index} of the claim not outlined"
    others = page.locator(f'mark.hl:not([data-appearance="{appearance.pk}"])')
    assert others.count() > 0
    outlined_others = [
        index for index in range(others.count()) if _outlined(others.nth(index))
    ]
    assert outlined_others == []


def test_on_a_phone_the_actions_come_before_the_timeline(
    new_context, live_server, researcher
):
    claim = ClaimFactory(status="researching", assignee=researcher)
    page = new_context(viewport=PHONE).new_page()
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    actions = page.locator("#actions").bounding_box()
    timeline = page.locator("#timeline").bounding_box()
    assert actions["y"] < timeline["y"]
    evidence = page.locator("#evidence").bounding_box()
    assert evidence["y"] < actions["y"]  # the claim's own content still comes first
