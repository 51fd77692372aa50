"""axe-core (WCAG 2.2 A and AA) on every desk and public page, light and dark.

One desk is seeded (tests/e2e/data.py ``seed_every_page``: the report, claims in
each workflow state, restatements suggested and merged, an external fact-check,
import jobs, an uploaded document and its archived copy, a discussion, a corrected
verdict, saved searches, notifications); then each page is opened once, as the
user who would open it, and checked in the light scheme, then again in the dark
one (``prefers-color-scheme`` emulated on the same page) by the rules that read
colours. Every violation of every page is collected and reported together.

The archived copy itself (``/sources/<id>/snapshots/<id>/``) is the archived
site's own bytes, served sandboxed: checking it would grade that site, not the
desk; the source page that lists the copies is checked.

axe-core comes from the ``axe-playwright-python`` package (its bundled
``axe.min.js``), evaluated by Playwright outside the page's CSP.
"""

from importlib import resources

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.e2e.data import seed_every_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The dark scheme changes colours only (custom properties, and a few colour rules
# in static/css/claimtrail.css): in it the page is checked again by the WCAG A/AA
# rules that read colours, which saves half the time of a second full run.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


def violations(
    page, source: str, rules: list[str] | None = None, exclude: str | None = None
) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page (only ``rules``, if given;
    outside ``exclude``, a selector, if given)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(source)
    only = (
        {"type": "rule", "values": rules}
        if rules
        else {"type": "tag", "values": AXE_TAGS}
    )
    context = {"exclude": [[exclude]]} if exclude else {"include": [["html"]]}
    result = page.evaluate(
        "([context, only]) => axe.run(context, {runOnly: only})", [context, only]
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
    ]


# Parts of a page that are not this app's markup, left out of the check. The API
# docs are Swagger UI's, drawn by its script: once drawn, axe-core finds its
# operation summaries nest a button in a button, its method badges' contrast and
# its small links (upstream markup); the page around it is checked.
NOT_OURS = {"/api/docs/": "#swagger-ui"}


class Checker:
    """Checks the page as it is now, in both schemes; keeps what it finds."""

    def __init__(self):
        self.source = axe_source()
        self.found: dict[str, list[str]] = {}

    def check(self, page, name: str, exclude: str | None = None) -> None:
        if problems := violations(page, self.source, exclude=exclude):
            self.found[f"{name} (light)"] = problems
        page.emulate_media(color_scheme="dark")
        if problems := violations(page, self.source, COLOUR_RULES, exclude):
            self.found[f"{name} (dark)"] = problems
        page.emulate_media(color_scheme="light")

    def visit(self, page, path: str, base: str, status: int = 200) -> None:
        response = page.goto(base + path)
        if response is not None:  # None: only the #fragment changed
            assert response.status == status, f"{path}: {response.status}"
        self.check(page, path, exclude=NOT_OURS.get(path))


def desk_pages(data: dict, editor) -> list[tuple[str, str, int]]:
    """(who, path, status) of every desk page in its interesting states."""
    claims = data["claims"]
    published, in_review = claims["published"].pk, claims["in_review"].pk
    researching = claims["researching"].pk
    appearance = claims["published"].appearances.first()
    report = appearance.report_id
    source = claims["published"].evidence.get().source_id
    document = data["document"]
    jobs = data["import_jobs"]
    return [
        ("editor", "/", 200),
        ("editor", "/claims/", 200),
        ("editor", "/claims/?status=in_review&has_evidence=true&q=AI", 200),
        ("editor", "/claims/?sort=colour&after=abc", 200),  # bad parameters named
        ("editor", f"/claims/{claims['new'].pk}/", 200),
        ("editor", f"/claims/{researching}/", 200),  # returned, discussed
        ("researcher", f"/claims/{researching}/?source_q=statistics", 200),
        ("researcher", f"/claims/{claims['started'].pk}/", 200),  # no evidence yet
        ("editor", f"/claims/{in_review}/", 200),
        ("editor", f"/claims/{published}/", 200),
        ("editor", f"/claims/{claims['not_checkable'].pk}/", 200),
        ("editor", f"/claims/{data['suggested'].pk}/", 200),  # the matches panel
        ("editor", f"/claims/{data['merged'].pk}/", 200),
        ("editor", f"/claims/{data['quote_not_found'].pk}/", 200),
        ("editor", f"/claims/{in_review}/approve/", 200),
        ("researcher", "/queue/", 200),
        ("editor", "/review-queue/", 200),
        ("researcher", "/inbox/", 200),
        ("editor", "/inbox/", 200),
        ("researcher", "/inbox/preferences/", 200),
        ("editor", "/reports/", 200),
        ("editor", f"/reports/{report}/", 200),
        (
            "editor",
            f"/reports/{report}/#appearance-{appearance.pk}",
            200,
        ),  # a claim jumped to
        ("editor", "/reports/import/", 200),
        *(("editor", f"/reports/import/{job.pk}/", 200) for job in jobs.values()),
        ("editor", f"/reports/import/{jobs['running'].pk}/?reload=off", 200),
        ("researcher", "/sources/", 200),
        ("researcher", "/sources/?q=bulletin&kind=official_statistics", 200),
        ("researcher", "/sources/new/", 200),
        ("researcher", "/sources/upload/", 200),
        ("researcher", f"/sources/{source}/", 200),
        ("researcher", f"/sources/{source}/edit/", 200),
        ("researcher", f"/sources/{document.pk}/", 200),  # with its archived copy
        ("editor", "/audit/", 200),
        ("editor", "/audit/?action=no.such&since=yesterday", 400),
        ("editor", f"/audit/claims/{published}/", 200),
        ("editor", f"/audit/users/{editor.username}/", 200),
        ("editor", "/api/docs/", 200),
        ("researcher", "/review-queue/", 403),
        ("editor", "/boom/denied/", 403),
        ("researcher", "/boom/bad/", 400),
        ("researcher", "/no-such-page/", 404),
        ("researcher", "/boom/conflict/", 409),
        ("researcher", "/boom/stale/", 412),
        ("researcher", "/boom/crash/", 500),
    ]


def _forms_refused(pages, base: str, data: dict, checker: Checker) -> None:
    """Pages with a refused form on them: messages, errors, what was typed kept."""
    editor = pages["editor"]
    editor.goto(f"{base}/claims/")
    editor.locator("input[name=claims]").first.check()
    editor.get_by_label("Action").select_option("not_checkable")
    editor.get_by_role("button", name="Apply to selected").click()
    editor.wait_for_selector(".message-error")
    checker.check(editor, "/claims/ after a refused bulk action")

    researcher = pages["researcher"]
    researcher.goto(f"{base}/sources/new/")
    researcher.locator("form.stacked-form [type=submit]").last.click()
    researcher.wait_for_selector(".form-errors")
    checker.check(researcher, "/sources/new/ refused")

    claim = data["claims"]["started"].pk
    researcher.goto(f"{base}/claims/{claim}/")
    researcher.locator("summary", has_text="Add evidence").click()
    form = researcher.locator("#add-evidence form[method=post]")
    form.evaluate("f => f.noValidate = true")
    researcher.get_by_label("Or a new source: URL").fill("not a url")
    form.get_by_role("button", name="Add evidence").click()
    researcher.get_by_text("Enter a valid URL.").wait_for()
    checker.check(researcher, f"/claims/{claim}/ with a refused evidence form")


@pytest.mark.urls("tests.e2e.urls")  # the 400, 409, 412 and 500 pages' routes
def test_every_page_passes_axe_core_in_both_schemes(
    new_context, live_server, researcher, other_researcher, editor, settings
):
    settings.AXES_FAILURE_LIMIT = 2  # the locked-out page, after two bad passwords
    data = seed_every_page(
        researcher=researcher, other_researcher=other_researcher, editor=editor
    )
    base = live_server.url
    checker = Checker()
    pages = {"anonymous": new_context().new_page()}
    for who, user in (("researcher", researcher), ("editor", editor)):
        pages[who] = new_context().new_page()
        login(pages[who], user, base)

    published = data["claims"]["published"].pk
    public = [
        ("/accounts/login/", 200),
        ("/verdicts/", 200),
        (f"/verdicts/{published}/", 200),
        (f"/verdicts/{data['corrected'].pk}/", 200),  # with its earlier version
        ("/verdicts/no-such/", 404),
    ]
    for path, status in public:
        checker.visit(pages["anonymous"], path, base, status)
    for who, path, status in desk_pages(data, editor):
        checker.visit(pages[who], path, base, status)
    _forms_refused(pages, base, data, checker)

    editor_page = pages["editor"]
    # The claim page in Chinese (the language switcher's cookie), and in German.
    for language in ("zh-hans", "de"):
        editor_page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": base}]
        )
        editor_page.goto(f"{base}/claims/{data['claims']['in_review'].pk}/")
        checker.check(editor_page, f"the claim page in {language}")
    editor_page.context.clear_cookies(name="django_language")
    # The keyboard help, open.
    editor_page.goto(f"{base}/claims/")
    editor_page.keyboard.press("?")
    editor_page.wait_for_selector("#shortcut-help[open]")
    checker.check(editor_page, "the keyboard help")
    editor_page.keyboard.press("Escape")
    # Locked out after failed sign-ins.
    stranger = pages["anonymous"]
    for _ in range(2):
        stranger.goto(f"{base}/accounts/login/")
        stranger.locator("input[name=username]").fill("nobody")
        stranger.locator("input[name=password]").fill("wrong")
        stranger.locator("form:has(input[name=password]) [type=submit]").click()
    expect(stranger.locator("h1")).to_have_text("Sign-in paused")
    checker.check(stranger, "locked out")

    assert checker.found == {}, "axe-core found:\n" + "\n".join(
        f"{page}: {problems}" for page, problems in checker.found.items()
    )

    editor_page.emulate_media(color_scheme="dark")
    editor_page.goto(f"{base}/claims/")
    screenshot(editor_page, "dark-mode-claims", full_page=False)
    editor_page.goto(f"{base}/claims/{data['claims']['in_review'].pk}/")
    screenshot(editor_page, "dark-mode-claim-detail", full_page=False)
