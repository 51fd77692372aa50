"""Languages in a browser: a German or Chinese browser gets its language from the
first page on, and the switcher turns the claim page Chinese and back."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.e2e.data import seed_desk
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_switcher_turns_the_claim_page_chinese_and_back(
    page, live_server, researcher, other_researcher, editor
):
    claims = seed_desk(
        researcher=researcher, other_researcher=other_researcher, editor=editor
    )
    claim = claims["in_review"]
    url = f"{live_server.url}/claims/{claim.pk}/"
    login(page, editor, live_server.url)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "en-gb"

    page.get_by_label("Language").select_option("zh-hans")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()
    assert page.url == url  # back on the same page
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text().startswith(f"声明 #{claim.pk}")
    assert page.locator("#evidence-heading").inner_text().startswith("证据")
    assert page.get_by_role("link", name="审核队列").is_visible()
    assert page.locator("#language-select").input_value() == "zh-hans"
    screenshot(page, "claim-page-zh", full_page=False)

    # It stays Chinese from page to page, then the switcher (now in Chinese) turns
    # it back.
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="声明"
    ).click()
    assert page.locator("h1").inner_text() == "声明"
    page.get_by_label("语言").select_option("en-gb")
    with page.expect_navigation():
        page.get_by_role("button", name="切换语言").click()
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert page.locator("h1").inner_text() == "Claims"


@pytest.mark.parametrize(
    ("locale", "lang", "words"),
    [
        ("de-DE", "de", ("Anmelden", "Behauptungen", "Sprache", "Sprache wechseln")),
        ("zh-CN", "zh-hans", ("登录", "声明", "语言", "切换语言")),
    ],
)
def test_a_german_or_chinese_browser_gets_its_language_and_may_switch(
    new_context, live_server, researcher, locale, lang, words
):
    sign_in, claims, language, change = words
    ClaimFactory(text="The market grew by 7% in 2025.")
    # The browser's Accept-Language, as a German or Chinese desktop sends it.
    page = new_context(locale=locale).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.get_by_role("heading", level=1)).to_have_text(sign_in)
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/claims/")
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.get_by_role("heading", level=1)).to_have_text(claims)
    expect(page.get_by_label(language)).to_have_value(lang)

    # The switcher overrides the browser's language, page after page.
    page.get_by_label(language).select_option("en-gb")
    with page.expect_navigation():
        page.get_by_role("button", name=change).click()
    assert page.locator("html").get_attribute("lang") == "en-gb"
    expect(page.get_by_role("heading", level=1)).to_have_text("Claims")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Dashboard"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
