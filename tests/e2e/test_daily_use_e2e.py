"""In a real browser: the rough edges of daily use (issue 20) and what replaced them.

A refused bulk action keeps its ticks and its action, with a select-all box; the
report reader outlines the claim jumped to and nothing else; on a phone a claim's
Actions come before its timeline and a card's verdict badge keeps its shape; the
keyboard shortcuts.
"""

import pytest
from playwright.sync_api import expect

from claims.models import Appearance
from tests.e2e.conftest import PHONE, login, screenshot
from tests.e2e.data import seed_battery_claim
from tests.factories import ClaimFactory
from tests.states import in_review_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_refused_bulk_action_keeps_the_ticks_and_the_action(
    page, live_server, editor
):
    claims = [ClaimFactory(text=f"Claim number {n}.") for n in range(3)]
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    page.locator(f"#select-{claims[0].pk}").check()
    page.locator(f"#select-{claims[2].pk}").check()
    page.get_by_label("Action").select_option("not_checkable")
    page.get_by_role("button", name="Apply to selected").click()  # no reason given

    expect(page.locator(".messages")).to_contain_text(
        "Give the reason the claims cannot be checked."
    )
    expect(page.locator(f"#select-{claims[0].pk}")).to_be_checked()
    expect(page.locator(f"#select-{claims[1].pk}")).not_to_be_checked()
    expect(page.locator(f"#select-{claims[2].pk}")).to_be_checked()
    expect(page.get_by_label("Action")).to_have_value("not_checkable")

    # The select-all box: half ticked now; a click ticks every claim of the page.
    select_all = page.get_by_label("Select every claim on this page")
    expect(select_all).to_be_visible()
    assert select_all.evaluate("box => box.indeterminate")
    select_all.check()
    for claim in claims:
        expect(page.locator(f"#select-{claim.pk}")).to_be_checked()
    page.get_by_label("Reason (to mark not checkable)").fill("Opinion, not fact.")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.locator(".messages")).to_contain_text("3 claims marked not checkable")


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


def test_on_a_phone_the_review_queue_card_keeps_its_verdict_badge_whole(
    new_context, live_server, editor, researcher
):
    in_review_claim(researcher)
    page = new_context(viewport=PHONE).new_page()
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/review-queue/")
    badge = page.locator("td[data-label='Proposed verdict'] .badge").first
    expect(badge).to_be_visible()
    box = badge.bounding_box()
    size = badge.evaluate(
        "el => ({fits: el.scrollWidth <= el.clientWidth,"
        " line: parseFloat(getComputedStyle(el).lineHeight)})"
    )
    assert size["fits"], "the badge's words overflow it"
    assert box["height"] < 2.2 * size["line"], "the badge is stretched"


def test_keyboard_shortcuts_search_move_open_and_help(page, live_server, researcher):
    claims = [ClaimFactory(text=f"Shortcut claim {n}.") for n in range(3)]
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    expect(page.locator("#shortcut-hint")).to_be_visible()

    page.locator("body").press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("j")  # typed in the field, not a shortcut
    expect(page.locator("#id_q")).to_have_value("j")
    page.locator("#id_q").blur()

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    expect(page.locator("tr.kb-current")).to_have_count(1)
    expect(page.locator("tr.kb-current")).to_contain_text(claims[1].text)

    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    screenshot(page, "keyboard-shortcuts", full_page=False)
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("o")
    expect(page).to_have_url(f"{live_server.url}/claims/{claims[1].pk}/")


def test_without_javascript_the_list_still_works(new_context, live_server, editor):
    ClaimFactory(text="Still listed.")
    page = new_context(java_script_enabled=False).new_page()
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    expect(page.get_by_text("Still listed.")).to_be_visible()
    expect(page.locator("#select-all")).to_be_hidden()
    expect(page.locator("#shortcut-hint")).to_be_hidden()
