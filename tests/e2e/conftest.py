"""Browser tests: Playwright driving Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse the test's own database access as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "correct-horse-battery"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "docs" / "screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def find_chromium() -> tuple[str | None, str]:
    """The browser to drive, and where it was found (for the skip message)."""
    configured = os.environ.get("CHROMIUM_PATH", "")
    if configured:
        if Path(configured).is_file():
            return configured, "CHROMIUM_PATH"
        return None, f"CHROMIUM_PATH={configured} does not exist"
    on_path = shutil.which("chromium")
    if on_path:
        return on_path, "PATH"
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            bundled = p.chromium.executable_path
    except Exception as exc:  # no driver, or no downloaded browser
        return None, f"Playwright's browser is unavailable ({exc.__class__.__name__})"
    if bundled and Path(bundled).is_file():
        return bundled, "Playwright's download"
    return None, "no chromium on PATH, no CHROMIUM_PATH, no Playwright browser"


@pytest.fixture(scope="session")
def browser():
    executable, origin = find_chromium()
    if executable is None:
        message = (
            f"Browser tests need Chromium: {origin}. Install Debian's `chromium` "
            "or set CHROMIUM_PATH."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser):
    """Open isolated browser sessions (one per user); all are closed after the test."""
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(accept_downloads=True, **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(autouse=True)
def _login_template(settings):
    """Before the web pages provide their sign-in template, use a minimal one."""
    try:
        get_template("registration/login.html")
    except TemplateDoesNotExist:
        settings.TEMPLATES = [
            {
                **settings.TEMPLATES[0],
                "DIRS": [
                    *settings.TEMPLATES[0]["DIRS"],
                    Path(__file__).parent / "templates",
                ],
            }
        ]


def login(page, user, base_url: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(user.get_username())
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert "/accounts/login/" not in page.url, "sign-in failed"


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG to docs/screenshots/<name>.png (or $SCREENSHOT_DIR)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
