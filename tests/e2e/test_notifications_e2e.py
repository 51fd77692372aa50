"""In a real browser: Rosa is told of her assignment and of Edith's return note;
her @edith comment reaches Edith. The worker runs between the steps, as
``manage.py db_worker --batch`` would."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from claims.services.evidence import evidence_add
from config.roles import EDITORS, RESEARCHERS
from tests.e2e.conftest import login, screenshot
from tests.factories import AppearanceFactory, ClaimFactory, SourceFactory, UserFactory
from tests.reviews.publishing import review_and_submit
from tests.workers import run_worker_until_empty

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "The yearbook gives 31%, not 40%: cite table 3 and say which year."
COMMENT = "@edith I re-checked table 3: it is **31%** for 2025. Enough to resubmit?"


def unread(page):
    return page.locator(".main-nav .count-badge")


def test_rosa_is_told_and_edith_is_mentioned(new_context, live_server, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    rosa_user = UserFactory(username="rosa", first_name="Rosa", groups=[RESEARCHERS])
    edith_user = UserFactory(
        username="edith", first_name="Edith", is_staff=True, groups=[EDITORS]
    )
    claim = ClaimFactory(text="China trained 40% of new large models in 2025.")
    AppearanceFactory(claim=claim)
    claim_url = f"{live_server.url}/claims/{claim.pk}/"
    rosa, edith = new_context().new_page(), new_context().new_page()
    login(rosa, rosa_user, live_server.url)
    login(edith, edith_user, live_server.url)

    # Edith assigns the claim to Rosa.
    edith.goto(claim_url)
    edith.locator("#actions").get_by_label("Assign to").select_option(
        value=str(rosa_user.pk)
    )
    edith.locator("#actions").get_by_role("button", name="Start research").click()
    expect(edith.locator(".messages")).to_contain_text("now researching")
    run_worker_until_empty("database")

    rosa.goto(f"{live_server.url}/")
    expect(unread(rosa)).to_have_text(re.compile(r"^1"))
    screenshot(rosa, "notifications-unread-count", full_page=False)
    rosa.locator(".main-nav").get_by_role("link", name=re.compile("Inbox")).click()
    expect(rosa.locator(".notification").first).to_contain_text("Assigned to you")
    assert [m.to for m in mail.outbox] == [[rosa_user.email]]

    # Rosa researches and submits (through the services: not what this test is
    # about); Edith returns it with a note in the browser.
    evidence = evidence_add(
        claim=claim,
        actor=rosa_user,
        source=SourceFactory(),
        stance="refutes",
        excerpt="Table 3: 31%.",
    )
    review_and_submit(
        claim,
        researcher=rosa_user,
        rating="mostly_false",
        rationale="The yearbook gives 31%.",
        evidence=evidence,
    )
    edith.goto(claim_url)
    edith.get_by_label("Note to the researcher").fill(NOTE)
    edith.locator("#actions").get_by_role("button", name="Return for research").click()
    expect(edith.locator(".messages")).to_contain_text("now researching")
    run_worker_until_empty("database")

    # Rosa sees the note at the top of the claim, and in her inbox.
    rosa.goto(f"{live_server.url}/")
    expect(unread(rosa)).to_have_text(re.compile(r"^2"))
    rosa.goto(claim_url)
    top = rosa.locator(".claim-head .returned-note")
    expect(top).to_contain_text(NOTE)
    expect(top).to_contain_text("Returned for research by Edith")
    screenshot(rosa, "claim-returned-note", full_page=False)
    rosa.goto(f"{live_server.url}/inbox/")
    returned = rosa.locator(".notification").filter(has_text="Returned to you")
    expect(returned).to_contain_text(NOTE)
    screenshot(rosa, "inbox")

    # Rosa asks Edith in the discussion; the mention reaches Edith.
    rosa.goto(claim_url + "#discussion")
    rosa.locator("#comment-form").get_by_label("Comment").fill(COMMENT)
    rosa.locator("#comment-form").get_by_role("button", name="Post comment").click()
    expect(rosa.locator(".comment-body strong")).to_have_text("31%")
    expect(rosa.locator(".comment .mention")).to_have_text("@edith")
    screenshot(rosa, "claim-discussion")
    run_worker_until_empty("database")

    edith.goto(f"{live_server.url}/")
    expect(unread(edith)).to_have_text(re.compile(r"^\d"))
    edith.goto(f"{live_server.url}/inbox/")
    mention = edith.locator(".notification").filter(has_text="You were mentioned")
    expect(mention).to_contain_text("re-checked table 3")
    screenshot(edith, "inbox-mention")
    mention.get_by_role("button", name=re.compile("Mark read")).click()
    expect(
        edith.locator(".notification-unread").filter(has_text="mentioned")
    ).to_have_count(0)
    assert any(
        m.to == [edith_user.email] and "mentioned" in m.subject for m in mail.outbox
    )
