"""In a real browser: the rough edges of the lists (issue 20) and what replaced them.

The claims list: a refused bulk action keeps its ticks and its action, with a
select-all box; the sort menu names each order once, an unknown sort is named,
status sorts in workflow order; the total is counted; the filter menus say "Any"
and name people as the bulk actions do; saved searches beside the filters and on
the dashboard; the dashboard names a report once; the keyboard shortcuts; the list
without JavaScript; dark mode. On a phone, a review-queue card's verdict badge
keeps its shape. (The claim page's: test_daily_use_claim_e2e.py.)
"""

import re

import pytest
from playwright.sync_api import expect

from claims.services.tallies import claim_tallies_rebuild
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory
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


def test_the_sort_menu_names_each_order_once_and_an_unknown_sort_is_named(
    page, live_server, researcher
):
    ClaimFactory(text="Listed in spite of the bad sort.")
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/?sort=colour")
    labels = page.get_by_label("Sort").locator("option").all_inner_texts()
    assert labels.count("Oldest first") == 1
    assert len(labels) == len(set(labels)), labels
    problems = page.locator(".parameter-problems")
    expect(problems).to_contain_text("Part of this address could not be read")
    expect(problems).to_contain_text("Sort “colour” was ignored")
    expect(
        page.get_by_role("link", name="Listed in spite of the bad sort.")
    ).to_be_visible()


def _statuses_shown(page) -> list[str]:
    badges = page.locator("table.claims-table tbody td[data-label='Status'] .badge")
    # Each badge reads "Status: New" to a screen reader; the eye sees "New".
    return [text.split("\n")[-1].strip() for text in badges.all_inner_texts()]


def test_the_status_header_sorts_in_workflow_order_across_pages(
    page, live_server, researcher
):
    order = ["New", "Researching", "In review", "Published", "Not checkable"]
    for status in ["not_checkable", "published", "in_review", "researching", "new"]:
        # Made last-first: by id, the list would read the other way round.
        ClaimFactory(status=status, verdict="false" if status == "published" else "")
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    page.locator("table.claims-table thead").get_by_role(
        "link", name=re.compile("Status")
    ).click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Status")
    assert _statuses_shown(page) == order
    # Three a page: the order carries on over the page break.
    page.goto(f"{page.url}&page_size=3")
    assert _statuses_shown(page) == order[:3]
    page.get_by_role("link", name="Next").click()
    expect(page.locator("table.claims-table tbody tr")).to_have_count(2)
    assert _statuses_shown(page) == order[3:]


def test_the_list_shows_how_many_claims_match_not_the_page_size(
    page, live_server, researcher
):
    for n in range(5):
        ClaimFactory(text=f"Counted claim {n}.")
    claim_tallies_rebuild()  # the factories write claims past the services
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/?size=2")
    expect(page.locator("#result-count")).to_have_text("5 claims · 2 on this page")
    page.locator("#id_q").fill("Counted claim 3")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 claim")


def test_the_filter_menus_say_any_and_name_people_as_the_bulk_actions_do(
    page, live_server, editor, researcher
):
    ReportFactory(title="Annual AI report")
    ClaimFactory()
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    page.locator("summary", has_text="More filters").click()
    expect(page.locator(".filters")).not_to_contain_text("---------")
    report = page.locator("#id_report")
    expect(report.locator("option").first).to_have_text("Any report")
    assignee = page.locator("#id_assignee")
    people = [t.strip() for t in assignee.locator("option").all_inner_texts()]
    assert people[0] == "Anyone"
    bulk = [
        t.strip()
        for t in page.locator("#bulk-assignee option").all_inner_texts()
        if t.strip() != "—"
    ]
    assert "Rosa (researcher)" in bulk
    assert set(bulk) <= set(people[1:]), (bulk, people)


def test_a_saved_search_beside_the_filters_on_the_dashboard_and_shared(
    new_context, live_server, editor, researcher
):
    for n in range(3):
        ClaimFactory(text=f"Waiting claim {n}.", status="in_review")
    ClaimFactory(text="A new claim.")
    claim_tallies_rebuild()
    edith = new_context().new_page()
    login(edith, editor, live_server.url)
    edith.goto(f"{live_server.url}/claims/?status=in_review")
    edith.get_by_label("Save these filters as").fill("Waiting for review")
    edith.get_by_label("Share with the desk").check()
    edith.get_by_role("button", name="Save search").click()
    expect(edith.locator(".messages")).to_contain_text(
        "Search “Waiting for review” saved, shared with the desk."
    )
    edith.goto(f"{live_server.url}/claims/?status=new")
    edith.get_by_label("Save these filters as").fill("New, mine only")
    edith.get_by_role("button", name="Save search").click()
    expect(edith.locator(".messages")).to_contain_text("Search “New, mine only” saved.")

    edith.goto(f"{live_server.url}/claims/?status=in_review")
    beside = edith.locator(".saved-panel .saved-searches li", has_text="Waiting")
    expect(beside.locator(".count")).to_have_text("3 claims")
    mine = edith.locator(".saved-panel .saved-searches li", has_text="New, mine")
    expect(mine.locator(".count")).to_have_text("1 claim")
    screenshot(edith, "claims-list-counts-saved-searches")
    edith.goto(f"{live_server.url}/")
    on_dashboard = edith.locator(
        "section[aria-labelledby=saved-searches-heading] li", has_text="Waiting"
    )
    expect(on_dashboard.locator(".count")).to_have_text("3 claims")
    with edith.expect_navigation():
        on_dashboard.get_by_role("link", name="Waiting for review").click()
    expect(edith.locator("#result-count")).to_have_text("3 claims")
    expect(
        edith.locator(".filters").get_by_role("checkbox", name="In review")
    ).to_be_checked()

    # Rosa sees the shared one, named as Edith's, and not Edith's own.
    rosa = new_context().new_page()
    login(rosa, researcher, live_server.url)
    rosa.goto(f"{live_server.url}/claims/")
    shared = rosa.locator(".saved-searches li", has_text="Waiting for review")
    expect(shared).to_contain_text("shared by Edith")
    expect(shared.get_by_role("button", name=re.compile("Delete"))).to_have_count(0)
    expect(rosa.locator(".saved-searches")).not_to_contain_text("New, mine only")


def test_the_dashboard_names_a_report_once_above_its_sections(
    page, live_server, researcher
):
    report = ReportFactory(title="Annual AI report")
    # Claims under the report's own heading (its title), then under three others.
    for section in ("Annual AI report", "Chips", "Health", "Energy"):
        AppearanceFactory(
            claim=ClaimFactory(),
            report=report,
            section=section
            if section == report.title
            else f"{report.title} › {section}",
        )
    claim_tallies_rebuild()
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/")
    per_section = page.locator("section[aria-labelledby=per-section]")
    expect(per_section.get_by_text("Annual AI report")).to_have_count(1)
    for section in ("Chips", "Health", "Energy", "(the report's opening)"):
        expect(per_section.get_by_role("link", name=section)).to_be_visible()


def _background_luminance(page) -> float:
    """The relative luminance (0 black, 1 white) of the page's background."""
    return page.evaluate(
        """() => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor
                .match(/\\d+/g).slice(0, 3).map((c) => {
                    const s = c / 255;
                    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
                });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        }"""
    )


def test_a_dark_mode_browser_gets_a_dark_page(new_context, live_server, researcher):
    ClaimFactory(text="Read at night.")
    page = new_context(color_scheme="dark").new_page()
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    assert _background_luminance(page) < 0.05
    text = page.get_by_role("link", name="Read at night.")
    assert text.evaluate("el => getComputedStyle(el).color") != "rgb(11, 87, 164)"
    # The browser's preference, followed as it changes.
    page.emulate_media(color_scheme="light")
    assert _background_luminance(page) > 0.8
