"""Every page in a real browser, at laptop and phone width: it loads, it fits, its picture.

The desk is filled through the services (the seed report, claims in every state);
then each page is opened as the user who would open it. A page must answer with
the expected status and its heading, must not scroll sideways on a 390 px phone,
and must raise no script or Content Security Policy error. With ``SCREENSHOTS=1``
each one is saved to docs/screenshots/ under a stable name (``-phone`` at 390 px).
"""

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from claims.apps import grant_editor_admin_permissions
from tests.e2e.conftest import LAPTOP, PHONE, login, screenshot
from tests.e2e.data import seed_desk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# The outermost elements that stick out to the right of the screen, if any.
WIDER_THAN_THE_SCREEN = """() => {
    const limit = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= limit) return [];
    const wide = [...document.querySelectorAll("body *")].filter(
        (el) => el.getBoundingClientRect().right > limit + 1
    );
    return wide
        .filter((el) => !wide.includes(el.parentElement))
        .slice(0, 5)
        .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
}"""


@dataclass(frozen=True)
class Shot:
    name: str
    who: str | None  # "researcher", "editor" or None (signed out)
    path: str
    heading: str  # text the page's first <h1> contains
    status: int = 200
    phone: bool = True  # also at phone width
    full_page: bool = True
    fits_phone: bool = True  # no sideways scrolling at 390 px


def shots(claims) -> list[Shot]:
    published, in_review = claims["published"], claims["in_review"]
    researching = claims["researching"]
    report_id = published.appearances.first().report_id
    source_id = published.evidence.get().source_id
    return [
        Shot("login", None, "/accounts/login/", "Sign in"),
        Shot("dashboard", "editor", "/", "Dashboard"),
        # Lists are shot one screen high: with the importer they run to 50 rows.
        Shot("claim-list", "editor", "/claims/?sort=-score", "Claims", full_page=False),
        Shot(
            "claim-list-filtered",
            "editor",
            "/claims/?status=in_review&status=researching&has_evidence=true&q=AI",
            "Claims",
            phone=False,
        ),
        Shot(
            "claim-detail-researching",
            "researcher",
            f"/claims/{researching.pk}/",
            f"Claim #{researching.pk}",
        ),
        Shot(
            "claim-detail-in-review",
            "editor",
            f"/claims/{in_review.pk}/",
            f"Claim #{in_review.pk}",
        ),
        Shot(
            "claim-detail-published",
            "editor",
            f"/claims/{published.pk}/",
            f"Claim #{published.pk}",
        ),
        Shot("my-queue", "researcher", "/queue/", "My queue", full_page=False),
        Shot("review-queue", "editor", "/review-queue/", "Review queue"),
        Shot("report-list", "editor", "/reports/", "Reports"),
        Shot(
            "report-reader",
            "editor",
            f"/reports/{report_id}/",
            "How China",
            full_page=False,
        ),
        Shot("report-import", "editor", "/reports/import/", "Import"),
        Shot("sources-list", "researcher", "/sources/", "Sources"),
        Shot(
            "sources-search",
            "researcher",
            "/sources/?q=bulletin&kind=official_statistics",
            "Sources",
            phone=False,
        ),
        Shot("source-detail", "researcher", f"/sources/{source_id}/", "fast-charging"),
        Shot("source-edit", "researcher", f"/sources/{source_id}/edit/", "Edit"),
        Shot("audit-log", "editor", "/audit/", "Audit log", full_page=False),
        Shot(
            "audit-claim",
            "editor",
            f"/audit/claims/{published.pk}/",
            "History of claim",
            phone=False,
        ),
        Shot(
            "audit-report",
            "editor",
            f"/audit/?report={report_id}&action=evidence.added",
            "Audit log",
            phone=False,
        ),
        Shot(
            "audit-bad-filter",
            "editor",
            "/audit/?action=no.such&since=yesterday",
            "Audit log",
            status=400,
            phone=False,
        ),
        Shot(
            "audit-user",
            "editor",
            "/audit/users/researcher/",
            "researcher",
            full_page=False,
        ),
        Shot("verdict-list", None, "/verdicts/", "verdicts"),
        Shot("verdict-detail", None, f"/verdicts/{published.pk}/", "Claim"),
        Shot(
            "api-docs",
            "editor",
            "/api/docs/",
            "",
            phone=False,
            full_page=False,
            fits_phone=False,
        ),
        Shot(
            "admin-claim-changelist",
            "editor",
            "/admin/claims/claim/",
            "claim",
            phone=False,
            full_page=False,
            fits_phone=False,
        ),
        Shot(
            "error-403",
            "researcher",
            "/review-queue/",
            "You are not allowed to do that",
            status=403,
        ),
        Shot(
            "error-404",
            "researcher",
            "/no/such/page/",
            "We cannot find that page",
            status=404,
        ),
        Shot(
            "error-409",
            "researcher",
            "/boom/conflict/",
            "cannot be done in the record’s current state",
            status=409,
        ),
        Shot(
            "error-412",
            "researcher",
            "/boom/stale/",
            "Someone else changed this record",
            status=412,
        ),
    ]


@pytest.mark.urls("tests.e2e.urls")  # the error pages' routes
def test_every_page_loads_fits_a_phone_and_is_photographed(
    new_context, live_server, researcher, other_researcher, editor
):
    # Migrations give the Editors group its admin permissions; a transactional
    # test's flush empties the group table, and the persona recreates it bare.
    grant_editor_admin_permissions()
    claims = seed_desk(
        researcher=researcher, other_researcher=other_researcher, editor=editor
    )
    users = {"researcher": researcher, "editor": editor}
    pages = {}
    for width, viewport in (("", LAPTOP), ("-phone", PHONE)):
        for who in (None, *users):
            page = new_context(viewport=viewport).new_page()
            if who:
                login(page, users[who], live_server.url)
            pages[width, who] = page

    too_wide = []
    for shot in shots(claims):
        for width in ("", "-phone") if shot.phone else ("",):
            page = pages[width, shot.who]
            response = page.goto(live_server.url + shot.path)
            assert response.status == shot.status, shot
            if shot.heading:
                expect(page.locator("h1").first).to_contain_text(shot.heading)
            else:
                expect(page.locator(".swagger-ui .info .title")).to_be_visible()
            if width and shot.fits_phone:
                wide = page.evaluate(WIDER_THAN_THE_SCREEN)
                if wide:
                    too_wide.append(f"{shot.name}: {wide}")
            screenshot(page, shot.name + width, full_page=shot.full_page and not width)
    assert not too_wide, f"pages wider than a phone: {too_wide}"
