"""In a real browser: a restatement suggested on import, confirmed, and the merged page."""

import re

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from claims.models import Claim, ClaimMatch, ClaimStatus
from claims.services.imports import report_import
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST = "# Chip output\n\nThe Shenzhen plant produced 4,000 chips in March 2025.\n"
SECOND = (
    "# Factory notes\n\n"
    "In March 2025 the Shenzhen plant turned out 4,000 chips.\n\n"
    "Rainfall in Lisbon doubled in 2024.\n"
)


def test_suggest_confirm_and_the_merged_page(new_context, live_server, editor):
    report_import(actor=editor, text=FIRST)
    report_import(actor=editor, text=SECOND)
    older = Claim.objects.get(text__startswith="The Shenzhen plant")
    newer = Claim.objects.get(text__startswith="In March 2025")
    assert ClaimMatch.objects.filter(claim=older, other=newer).exists()

    page = new_context().new_page()
    login(page, editor, live_server.url)
    # Suggested: the newer claim's page names the older one.
    page.goto(f"{live_server.url}/claims/{newer.pk}/")
    panel = page.locator("#matches")
    expect(panel.locator("h2")).to_have_text("Same or similar claims (1)")
    expect(panel).to_contain_text(f"Claim #{older.pk}")
    expect(panel).to_contain_text("Other report")

    # Confirmed as the same claim, with the editor's reason.
    panel.get_by_label("Why").fill("Same figure, same plant, same month.")
    with page.expect_navigation():
        panel.get_by_role(
            "button", name=f"Same claim: merge #{newer.pk} into #{older.pk}"
        ).click()
    expect(page.locator(".messages")).to_contain_text("The match is resolved.")

    # The merged page: closed, "merged into #N" with a link to the claim kept.
    expect(page.locator("#claim-heading .badge[class*='status-']")).to_have_text(
        re.compile("Merged")
    )
    notice = panel.locator(".notice")
    expect(notice).to_contain_text(f"Merged into claim #{older.pk}")
    expect(panel).to_contain_text("Same claim by")
    screenshot(page, "claim-merged")
    with page.expect_navigation():
        notice.get_by_role("link", name=f"claim #{older.pk}").click()
    assert page.url.endswith(f"/claims/{older.pk}/")
    # The claim kept now appears in both reports.
    expect(page.locator("body")).to_contain_text("Factory notes")

    newer.refresh_from_db()
    assert (newer.status, newer.merged_into_id) == (ClaimStatus.MERGED, older.pk)
    confirmed = AuditEvent.objects.get(action="claim.match_confirmed")
    assert (confirmed.actor, confirmed.comment) == (
        editor,
        "Same figure, same plant, same month.",
    )


def test_a_researcher_proposes_on_a_fact_check_and_an_editor_confirms(
    new_context, live_server, researcher, editor
):
    from claims.models import ExternalMatch
    from claims.services.external import external_factchecks_import

    report_import(actor=editor, text=FIRST)
    external_factchecks_import(
        actor=editor,
        data=b'{"@type": "ClaimReview", "url": "https://checks.example.org/s",'
        b' "claimReviewed": "The Shenzhen plant made 4,000 chips in March 2025.",'
        b' "author": {"name": "Example Checker"},'
        b' "reviewRating": {"alternateName": "Mostly false"}}',
    )
    match = ExternalMatch.objects.get()
    url = f"{live_server.url}/claims/{match.claim_id}/"

    page = new_context().new_page()
    login(page, researcher, live_server.url)
    page.goto(url)
    panel = page.locator("#matches")
    expect(panel).to_contain_text("Example Checker")
    panel.get_by_label("Why").fill("Their check names the same plant.")
    with page.expect_navigation():
        panel.get_by_role("button", name="Propose: same claim").click()
    expect(page.locator(".messages")).to_contain_text("Your proposal is recorded")
    expect(panel).to_contain_text("Rosa proposes: same claim")

    page = new_context().new_page()
    login(page, editor, live_server.url)
    page.goto(url)
    panel = page.locator("#matches")
    expect(panel).to_contain_text("Rosa proposes: same claim")
    panel.get_by_label("Why").fill("Agreed.")
    with page.expect_navigation():
        panel.get_by_role(
            "button", name="Same claim: this fact-check reviewed it"
        ).click()
    expect(page.locator(".messages")).to_contain_text("The match is resolved.")
    expect(panel).to_contain_text("Same claim by Edith")
    match.refresh_from_db()
    assert (match.status, match.resolved_by) == ("same", editor)
