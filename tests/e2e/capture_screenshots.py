"""Capture the screenshots in docs/screenshots from a running, seeded server.

    DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8012 &
    .venv/bin/python -m tests.e2e.capture_screenshots http://127.0.0.1:8012

Signs in as the demo users (password claimtrail-demo) and saves one full-page PNG
per page (the error pages are captured by the browser tests, with DEBUG off);
set CHROMIUM_PATH to use another browser than Debian's chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("claimtrail-demo")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()


def shoot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print("saved", OUT / f"{name}.png")


def main(base: str) -> None:
    import os
    import shutil

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        viewport = {"width": 1280, "height": 800}
        rosa = browser.new_context(viewport=viewport).new_page()
        sign_in(rosa, base, "rosa")
        pages = [
            ("sources-list", "/sources/"),
            ("sources-search", "/sources/?q=example&kind=news_report"),
            ("source-detail", "/sources/1/"),
            ("source-add-error", None),
            ("audit-log", "/audit/"),
            ("audit-claim", "/audit/claims/1/"),
            ("audit-user", "/audit/users/edith/"),
            ("audit-report", "/audit/?report=1&action=evidence.added"),
        ]
        for name, path in pages:
            if path is None:
                rosa.goto(f"{base}/sources/new/")
                rosa.get_by_label("Address (URL)").fill("javascript:alert(1)")
                rosa.get_by_label("Title").fill("A trap")
                rosa.get_by_role("button", name="Add source").click()
            else:
                rosa.goto(base + path)
            shoot(rosa, name)

        # A stale edit: Edith saves while Rosa still has the form open.
        edith = browser.new_context(viewport=viewport).new_page()
        sign_in(edith, base, "edith")
        rosa.goto(f"{base}/sources/2/edit/")
        edith.goto(f"{base}/sources/2/edit/")
        edith.get_by_label("Publisher").fill("Joule (Cell Press)")
        edith.get_by_role("button", name="Save changes").click()
        rosa.get_by_label("Title").fill(
            "Data-driven prediction of battery cycle life before capacity degradation"
        )
        rosa.get_by_role("button", name="Save changes").click()
        shoot(rosa, "source-edit-conflict")

        rosa.goto(f"{base}/audit/?action=no.such")
        shoot(rosa, "audit-bad-filter")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8012")
