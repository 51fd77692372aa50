"""In a real browser: the 95% battery claim from research to a published verdict.

A researcher and an editor, each in their own browser session, take the claim
through research, review, a return with a note, a second round and approval;
two researchers edit the same claim at once; a researcher forges an approval.
"""

import re

import pytest
from playwright.sync_api import expect

from audit.chain import verify_chain
from audit.models import AuditEvent
from audit.selectors import audit_timeline_for
from claims.models import Claim
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_start_research
from tests.e2e.conftest import login, post_forged_action, screenshot
from tests.e2e.data import seed_battery_claim
from tests.factories import SourceFactory
from tests.reviews.publishing import review_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RETURN_NOTE = "The paper says 50 cycles predict lifespan; check the 95% against it."


def _is_post(response) -> bool:
    """The answer to the form's POST (waiting for it, not for a page load event)."""
    return response.request.method == "POST"


def status_of(page):
    return page.locator("#claim-heading .badge[class*='status-']")


def messages(page):
    return page.locator(".messages")


def action_button(page, name: str):
    return page.locator("#actions").get_by_role("button", name=name)


def submit_review(page, *, rating: str, rationale: str) -> None:
    form = page.locator("#reviews form")
    form.get_by_label(rating, exact=True).check()
    form.get_by_label("High", exact=True).check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("checkbox").first.check()
    form.get_by_role("button", name="Submit review").click()
    expect(messages(page)).to_contain_text("Your review was submitted.")


def timeline(page) -> list[tuple[str, str]]:
    entries = page.locator("#timeline li.event")
    return [
        (
            entry.locator(".event-head strong").inner_text(),
            entry.locator("p").nth(1).inner_text(),
        )
        for entry in entries.all()
    ]


def test_the_battery_claim_from_research_to_published_verdict(
    new_context, live_server, researcher, editor
):
    claim = seed_battery_claim(importer=editor)
    claim_url = f"{live_server.url}/claims/{claim.pk}/"
    rosa, edith = new_context().new_page(), new_context().new_page()
    login(rosa, researcher, live_server.url)
    login(edith, editor, live_server.url)

    # The researcher finds the claim in her queue and takes it.
    rosa.goto(f"{live_server.url}/queue/")
    row = rosa.locator("tr, li, .card").filter(has_text="95%").last
    expect(row).to_be_visible()
    rosa.goto(claim_url)
    expect(rosa.locator(".claim-text")).to_contain_text("up to 95%")
    expect(status_of(rosa)).to_contain_text("New")
    action_button(rosa, "Take it: start research").click()
    expect(messages(rosa)).to_contain_text("The claim is now researching.")
    expect(status_of(rosa)).to_contain_text("Researching")

    # Evidence from a new source, typed into the claim page.
    rosa.locator("#evidence summary", has_text="Add evidence").click()
    evidence_form = rosa.locator("#evidence form.stacked-form")
    evidence_form.get_by_label("Or a new source: URL").fill(
        "https://www.nature.com/articles/s41586-020-1994-5"
    )
    evidence_form.get_by_label("Title").fill(
        "Closed-loop optimization of fast-charging protocols for batteries"
    )
    evidence_form.get_by_label("Publisher").fill("Nature")
    evidence_form.get_by_label("Kind of source").select_option(
        label="Peer-reviewed paper"
    )
    evidence_form.get_by_label("Supports").check()
    evidence_form.get_by_label("Excerpt").fill(
        "Early-prediction models cut the time for testing from 500 to 16 days (98%)."
    )
    evidence_form.get_by_label("Locator").fill("Abstract; Fig. 3")
    evidence_form.get_by_role("button", name="Add evidence").click()
    expect(messages(rosa)).to_contain_text("Evidence from Closed-loop optimization")
    expect(rosa.locator("#evidence .evidence")).to_have_count(1)

    # Submitting before her own review is refused with the reason (409).
    with rosa.expect_response(_is_post) as navigation:
        action_button(rosa, "Submit for review").click()
    assert navigation.value.status == 409
    expect(messages(rosa)).to_contain_text("Submit your review")
    expect(status_of(rosa)).to_contain_text("Researching")
    screenshot(rosa, "error-409-claim")

    submit_review(
        rosa,
        rating="True",
        rationale="The paper reports a 98% cut in testing time, so 95% holds.",
    )
    action_button(rosa, "Submit for review").click()
    expect(status_of(rosa)).to_contain_text("In review")
    expect(rosa.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)

    # The editor finds it in the review queue and returns it with a note.
    edith.goto(f"{live_server.url}/review-queue/")
    edith.get_by_role("link", name=re.compile("95%")).first.click()
    expect(status_of(edith)).to_contain_text("In review")
    edith.get_by_label("Note to the researcher").fill(RETURN_NOTE)
    action_button(edith, "Return for research").click()
    expect(messages(edith)).to_contain_text("The claim is now researching.")
    expect(status_of(edith)).to_contain_text("Researching")

    # The researcher reads the note, writes a second-round review and resubmits.
    rosa.reload()
    expect(status_of(rosa)).to_contain_text("Researching")
    expect(rosa.locator(".decisions")).to_contain_text(RETURN_NOTE)
    submit_review(
        rosa,
        rating="Mostly true",
        rationale="98% in the lab, on one cell chemistry: 'up to 95%' is fair but narrow.",
    )
    action_button(rosa, "Submit for review").click()
    expect(status_of(rosa)).to_contain_text("In review")

    # The editor previews what will be published, and approves it.
    edith.reload()
    edith.locator("#actions").get_by_role(
        "link", name="Preview, then approve and publish"
    ).click()
    expect(edith.locator("#public-preview")).to_contain_text("Mostly true")
    edith.get_by_role("button", name="Approve and publish").click()
    expect(messages(edith)).to_contain_text("The claim is now published")
    expect(status_of(edith)).to_contain_text("Published")
    expect(edith.locator("#claim-heading")).to_contain_text("Mostly true")

    # Every step is on the timeline, with who did it, in order.
    steps = timeline(edith)[-9:]
    expected = [
        ("researcher", "started research on"),
        ("researcher", "added evidence from Closed-loop optimization"),
        ("researcher", "submitted a review"),
        ("researcher", "for review"),
        ("editor", "returned"),
        ("researcher", "submitted a review"),
        ("researcher", "for review"),
        ("editor", "approved the verdict on"),
        ("editor", "published version 1 of the verdict"),
    ]
    assert [actor for actor, _ in steps] == [actor for actor, _ in expected]
    for (_, message), (_, phrase) in zip(steps, expected, strict=True):
        assert phrase in message
    expect(
        edith.locator("#timeline li.event").filter(has_text="returned")
    ).to_contain_text(RETURN_NOTE)

    # The public page shows the verdict to anyone.
    reader = new_context().new_page()
    reader.goto(f"{live_server.url}/verdicts/{claim.pk}/")
    expect(reader.get_by_role("heading", name=re.compile("Verdict"))).to_contain_text(
        "Mostly true"
    )

    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.review_round) == (
        "published",
        "mostly_true",
        2,
    )
    events = [
        (e.action, e.actor.username if e.actor else None)
        for e in audit_timeline_for(claim)
        if e.action != "claim.created"
    ]
    assert events == [
        ("claim.research_started", "researcher"),
        ("evidence.added", "researcher"),
        ("review.submitted", "researcher"),
        ("claim.submitted_for_review", "researcher"),
        ("claim.returned_for_research", "editor"),
        ("review.submitted", "researcher"),
        ("claim.submitted_for_review", "researcher"),
        ("claim.approved", "editor"),
        ("verdict.published", "editor"),
    ]
    assert verify_chain().ok


def test_two_researchers_editing_one_claim_lose_nothing(
    new_context, live_server, researcher, other_researcher, editor
):
    claim = seed_battery_claim(importer=editor)
    claim = claim_start_research(claim=claim, actor=researcher)
    edit_url = f"{live_server.url}/claims/{claim.pk}/"
    rosa, ravi = new_context().new_page(), new_context().new_page()
    login(rosa, researcher, live_server.url)
    login(ravi, other_researcher, live_server.url)
    rosa_text = claim.text.replace("up to 95%", "up to 95% in one lab study")
    ravi_text = claim.text.replace("testing times", "battery testing times")
    for page in (rosa, ravi):
        page.goto(edit_url)
        page.locator("#edit summary").click()

    rosa.locator("#edit").get_by_label("Text").fill(rosa_text)
    rosa.get_by_role("button", name="Save claim").click()
    expect(messages(rosa)).to_contain_text("Claim saved.")

    ravi.locator("#edit").get_by_label("Text").fill(ravi_text)
    ravi.get_by_role("button", name="Save claim").click()
    conflict = ravi.locator("#edit [role=alert]")
    expect(conflict).to_contain_text("Someone else saved a new version")
    expect(conflict).to_contain_text("in one lab study")  # the other person's text
    expect(ravi.locator("#edit").get_by_label("Text")).to_have_value(ravi_text)
    expect(messages(ravi)).to_contain_text("your text is kept in the form")
    screenshot(ravi, "error-412-claim-edit")
    claim.refresh_from_db()
    assert claim.text == rosa_text

    # Having seen Rosa's version, Ravi saves his on purpose.
    ravi.get_by_role("button", name="Save claim").click()
    expect(messages(ravi)).to_contain_text("Claim saved.")
    expect(ravi.locator(".claim-text")).to_contain_text("battery testing times")
    claim.refresh_from_db()
    assert claim.text == ravi_text
    edits = [
        e.actor.username
        for e in audit_timeline_for(claim)
        if e.action == "claim.changed"
    ]
    assert edits == ["researcher", "other_researcher"]


def test_a_researcher_cannot_approve_even_with_a_forged_form(
    page, live_server, researcher, editor
):
    claim = seed_battery_claim(importer=editor)
    claim = claim_start_research(claim=claim, actor=researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="supports"
    )
    claim = review_and_submit(
        claim,
        researcher=researcher,
        rating="true",
        rationale="Matches the source.",
        evidence=evidence,
    )
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    expect(status_of(page)).to_contain_text("In review")
    expect(page.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    screenshot(page, "claim-detail-in-review-researcher")

    answer = post_forged_action(page, claim, "approve")
    assert answer.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not allowed to do that"
    )
    screenshot(page, "error-403-forged-approve")

    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("in_review", "")
    refusal = AuditEvent.objects.filter(action="access.refused").get()
    assert refusal.actor == researcher
    assert str(refusal.subject_id) == str(claim.pk)
    assert "approve" in refusal.data["attempted"]
    assert Claim.objects.filter(status="published").count() == 0
