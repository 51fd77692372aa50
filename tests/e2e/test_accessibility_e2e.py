"""axe-core (WCAG 2.2 A and AA) on every desk and public page, light and dark.

The pages are seeded with the report and claims in each workflow state, saved
searches and a refused bulk action, so that badges, notices, forms and messages
are all on screen. axe-core comes from the ``axe-playwright-python`` package (its
bundled ``axe.min.js``), evaluated by Playwright outside the page's CSP.
"""

from importlib import resources

import pytest

from collab.services.saved_searches import saved_search_create
from sources.models import Source
from tests.e2e.conftest import login, screenshot
from tests.e2e.data import seed_desk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


def violations(page, source: str) -> list[str]:
    page.evaluate(source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_core(
    new_context, live_server, researcher, other_researcher, editor, scheme
):
    claims = seed_desk(
        researcher=researcher, other_researcher=other_researcher, editor=editor
    )
    saved_search_create(
        actor=editor, name="In review", query="status=in_review", shared=True
    )
    source = axe_source()
    page = new_context(color_scheme=scheme).new_page()
    base = live_server.url
    published = claims["published"].pk
    public = [f"{base}/verdicts/", f"{base}/verdicts/{published}/"]
    for url in public:
        page.goto(url)
        assert violations(page, source) == [], f"{url} ({scheme})"
    page.goto(f"{base}/accounts/login/")
    assert violations(page, source) == [], f"login ({scheme})"

    login(page, editor, base)
    report = claims["published"].appearances.first().report_id
    desk = [
        "/",
        "/claims/",
        "/claims/?sort=colour&status=new",  # a message for a bad parameter
        f"/claims/{claims['in_review'].pk}/",
        f"/claims/{claims['researching'].pk}/",
        # The evidence form open on a search of the sources.
        f"/claims/{claims['researching'].pk}/?source_q=statistics",
        f"/claims/{published}/",
        "/queue/",
        "/review-queue/",
        "/reports/",
        f"/reports/{report}/",
        "/sources/",
        "/inbox/",
        "/audit/",
        f"/claims/{claims['in_review'].pk}/approve/",
        "/inbox/preferences/",
        "/reports/import/",
        "/sources/new/",
        "/sources/upload/",
        f"/audit/claims/{published}/",
        f"/audit/users/{editor.username}/",
        "/no-such-page/",  # the 404 page
    ]
    cited = Source.objects.order_by("pk").first()
    if cited is not None:
        desk += [f"/sources/{cited.pk}/", f"/sources/{cited.pk}/edit/"]
    found = {}
    for path in desk:
        page.goto(base + path)
        problems = violations(page, source)
        if problems:
            found[path] = problems
    # The refused bulk action: error messages, ticks kept.
    page.goto(f"{base}/claims/")
    page.locator("input[name=claims]").first.check()
    page.get_by_label("Action").select_option("not_checkable")
    page.get_by_role("button", name="Apply to selected").click()
    page.wait_for_selector(".message-error")
    if problems := violations(page, source):
        found["/claims/ after a refused bulk action"] = problems
    # The claim page in Chinese (the language switcher's cookie).
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": base}]
    )
    page.goto(f"{base}/claims/{claims['in_review'].pk}/")
    if problems := violations(page, source):
        found["the claim page in Chinese"] = problems
    page.context.clear_cookies(name="django_language")
    page.goto(f"{base}/claims/")
    # The keyboard help, open.
    page.keyboard.press("?")
    page.wait_for_selector("#shortcut-help[open]")
    if problems := violations(page, source):
        found["the keyboard help"] = problems
    page.keyboard.press("Escape")
    assert found == {}, f"axe-core in the {scheme} scheme: {found}"
    if scheme == "dark":
        page.goto(f"{base}/claims/")
        screenshot(page, "dark-mode-claims", full_page=False)
        page.goto(f"{base}/claims/{claims['in_review'].pk}/")
        screenshot(page, "dark-mode-claim-detail", full_page=False)
    else:
        page.goto(f"{base}/claims/?sort=-score")
        screenshot(page, "claims-list-counts-saved-searches", full_page=False)
