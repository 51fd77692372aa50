"""In a real browser: a disputed verdict through the preview, then a correction.

Rosa proposes *Mostly true* for the 95% battery claim; Ravi's second opinion
says *Half true*. Edith's preview names both ratings; approving without the
confirmation publishes nothing; with it (and a note) version 1 goes public.
Edith reopens with an internal reason and a public note; Rosa rewrites the
claim and proposes *Half true*; Edith's preview shows the changes; approved, the
public page shows version 2 with the note and version 1 in its history, and
never the internal reason.
"""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_start_research
from reviews.models import Decision, VerdictVersion
from tests.e2e.conftest import login, screenshot
from tests.e2e.data import seed_battery_claim
from tests.e2e.test_workflow_walk import action_button, messages, status_of
from tests.factories import SourceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INTERNAL_REASON = "Rosa's review missed that the study covers one cell chemistry."
PUBLIC_NOTE = (
    "The study behind the 95% figure tested **one battery chemistry** in a lab; "
    "see https://www.nature.com/articles/s41586-020-1994-5."
)
NEW_WORDING = (
    "In one laboratory study, AI-powered battery validation cut testing times for "
    "one cell chemistry by up to 95%."
)


def _is_post(response) -> bool:
    return response.request.method == "POST"


def preview_link(page):
    return page.locator("#actions").get_by_role(
        "link", name="Preview, then approve and publish"
    )


def review(page, *, rating: str, rationale: str) -> None:
    form = page.locator("#reviews form")
    form.get_by_label(rating, exact=True).check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("checkbox").first.check()
    form.get_by_role("button", name="Submit review").click()
    expect(messages(page)).to_contain_text("Your review was submitted.")


def test_a_disputed_verdict_is_previewed_confirmed_then_corrected(
    new_context, live_server, researcher, other_researcher, editor
):
    claim = seed_battery_claim(importer=editor)
    claim = claim_start_research(claim=claim, actor=researcher)
    evidence_add(
        claim=claim,
        actor=researcher,
        source=SourceFactory(
            url="https://www.nature.com/articles/s41586-020-1994-5",
            title="Closed-loop optimization of fast-charging protocols",
            publisher="Nature",
        ),
        stance="supports",
        excerpt="Testing time fell from 500 to 16 days.",
        locator="Abstract",
    )
    claim_url = f"{live_server.url}/claims/{claim.pk}/"
    rosa, ravi, edith = (new_context().new_page() for _ in range(3))
    login(rosa, researcher, live_server.url)
    login(ravi, other_researcher, live_server.url)
    login(edith, editor, live_server.url)

    # Rosa proposes "Mostly true" and sends the claim for review.
    rosa.goto(claim_url)
    review(
        rosa,
        rating="Mostly true",
        rationale="A **98%** cut in the lab: 'up to 95%' holds, narrowly.",
    )
    action_button(rosa, "Submit for review").click()
    expect(status_of(rosa)).to_contain_text("In review")

    # Ravi disagrees in a second opinion.
    ravi.goto(claim_url)
    ravi.locator("#reviews summary", has_text="Add a second opinion").click()
    review(
        ravi, rating="Half true", rationale="One chemistry in a lab is not 'testing'."
    )

    # Edith opens the preview: the public page to be, and the disagreement.
    edith.goto(claim_url)
    preview_link(edith).click()
    expect(edith).to_have_url(re.compile(rf"/claims/{claim.pk}/approve/$"))
    warning = edith.locator("#disagreement")
    expect(warning).to_contain_text("The reviews of this round disagree")
    expect(warning).to_contain_text("Mostly true (Rosa)")
    expect(warning).to_contain_text("Half true (Ravi)")
    public = edith.locator("#public-preview")
    expect(public).to_contain_text("Version 1, published when you approve it.")
    expect(public.locator(".rationale strong")).to_have_text("98%")
    expect(edith.locator("#quotes")).to_contain_text("The wording is the report’s own.")
    screenshot(edith, "approve-preview-disagreement")

    # Approving without the confirmation publishes nothing.
    edith.get_by_label("Note").fill("Published as proposed.")
    with edith.expect_response(_is_post) as answer:
        edith.get_by_role("button", name="Approve and publish").click()
    assert answer.value.status == 400
    expect(messages(edith)).to_contain_text("nothing was published")
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert not VerdictVersion.objects.exists()

    # With it, and a note saying why, version 1 is published.
    edith.get_by_label("Publish despite disagreement").check()
    edith.get_by_label("Note").fill(
        "The paper tests full cells; Ravi's point is minor."
    )
    edith.get_by_role("button", name="Approve and publish").click()
    expect(messages(edith)).to_contain_text("version 1 of its verdict is on the public")
    expect(status_of(edith)).to_contain_text("Published")
    assert Decision.objects.get(kind="approve").published_despite_disagreement

    # Edith reopens it: an internal reason, and a note for the public page.
    edith.get_by_label("Internal reason").fill(INTERNAL_REASON)
    edith.get_by_label("Public correction note").fill(PUBLIC_NOTE)
    action_button(edith, "Reopen").click()
    expect(messages(edith)).to_contain_text("The claim is now researching.")

    reader = new_context().new_page()
    reader.goto(f"{live_server.url}/verdicts/{claim.pk}/")
    expect(reader.locator(".verdict-notice").first).to_contain_text("Under correction")
    expect(reader.locator("main")).to_contain_text("one battery chemistry")
    expect(reader.locator("main")).not_to_contain_text("missed that the study")

    # Rosa rewrites the claim and proposes "Half true" in the new round.
    rosa.goto(claim_url)
    rosa.locator("#edit summary").click()
    rosa.locator("#edit").get_by_label("Text").fill(NEW_WORDING)
    rosa.locator("#edit").get_by_label("Short claim").fill(
        "AI cut battery testing times by up to 95% in one lab study"
    )
    rosa.get_by_role("button", name="Save claim").click()
    expect(messages(rosa)).to_contain_text("Claim saved.")
    review(
        rosa,
        rating="Half true",
        rationale="One chemistry, in one lab: the report generalises it.",
    )
    action_button(rosa, "Submit for review").click()
    expect(status_of(rosa)).to_contain_text("In review")
    # The draft is not public while it waits.
    reader.reload()
    expect(reader.locator("main")).not_to_contain_text("In one laboratory study")

    # Edith previews the correction and approves it.
    edith.goto(claim_url)
    preview_link(edith).click()
    expect(edith.locator("#changes")).to_contain_text("Changes since version 1")
    expect(edith.locator("#changes")).to_contain_text("Rating")
    expect(edith.locator("#disagreement")).to_have_count(0)
    # The new wording against the report's sentence, word by word.
    expect(edith.locator("#quotes ins").first).to_be_visible()
    screenshot(edith, "approve-preview-correction")
    edith.get_by_role("button", name="Approve and publish").click()
    expect(messages(edith)).to_contain_text("version 2 of its verdict is on the public")

    # The public page: version 2 with its note, version 1 in the history.
    reader.reload()
    main = reader.locator("main")
    expect(reader.get_by_role("heading", name=re.compile("Verdict"))).to_contain_text(
        "Half true"
    )
    expect(reader.locator(".claim-text").first).to_have_text(NEW_WORDING)
    expect(reader.locator(".verdict-dates")).to_contain_text("Version 2")
    expect(reader.locator(".correction-note")).to_contain_text(
        "Rating changed from 'Mostly true' to 'Half true'."
    )
    expect(reader.locator(".correction-note .note-body strong")).to_contain_text(
        "one battery chemistry"
    )
    expect(reader.locator("#version-1")).to_contain_text("Version 1")
    expect(reader.locator("#version-1")).to_contain_text("Mostly true")
    expect(reader.locator("#version-2")).to_contain_text("this version")
    expect(main).not_to_contain_text("missed that the study")
    link = reader.locator(".correction-note a")
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")
    reader.locator("#version-1 summary").click()
    expect(reader.locator("#version-1 .claim-text")).to_contain_text("up to 95%")
    screenshot(reader, "verdict-corrected")

    versions = list(VerdictVersion.objects.filter(claim=claim).order_by("number"))
    assert [(v.number, v.rating) for v in versions] == [
        (1, "mostly_true"),
        (2, "half_true"),
    ]
    assert versions[1].correction_note == PUBLIC_NOTE
