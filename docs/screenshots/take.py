"""Screenshots of the desk's pages at laptop and phone width, for docs/web.md.

Start the server first (``DEBUG=1 SQLITE_PATH=/tmp/web.sqlite3 python manage.py
runserver 127.0.0.1:8011``) with the demo data of ``demo_data.py``, then run
``python docs/screenshots/take.py``.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8011"
OUT = Path(__file__).parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [
    # name, user, path, full page
    ("login", None, "/accounts/login/", False),
    ("dashboard", "edith", "/", True),
    ("claim-list", "edith", "/claims/?sort=-score", False),
    ("claim-detail", "edith", "/claims/4/", True),
    ("claim-detail-researcher", "rosa", "/claims/7/", True),
    ("my-queue", "rosa", "/queue/", False),
    ("review-queue", "edith", "/review-queue/", False),
    ("report-list", "edith", "/reports/", False),
    ("report-reader", "edith", "/reports/1/", False),
    ("report-import", "edith", "/reports/import/", False),
]
WIDTHS = {"": (1280, 860), "-phone": (390, 844)}


def login(page, username):
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "claimtrail-demo")
    page.click("button[type=submit]")


def main(only=()):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for suffix, (width, height) in WIDTHS.items():
            for name, user, path, full in PAGES:
                if only and name not in only:
                    continue
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                )
                page = context.new_page()
                if user:
                    login(page, user)
                page.goto(BASE + path)
                page.screenshot(
                    path=str(OUT / f"{name}{suffix}.png"),
                    full_page=full and not suffix,
                )
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
