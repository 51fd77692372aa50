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
# Screenshots are written only when asked for (SCREENSHOTS=1, or a SCREENSHOT_DIR),
# so that a plain test run leaves the committed ones in docs/screenshots alone.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "docs" / "screenshots"))
TAKE_SCREENSHOTS = bool(
    os.environ.get("SCREENSHOT_DIR") or os.environ.get("SCREENSHOTS", "") == "1"
)
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000  # generous: CI machines are shared and slow at times


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
    """Open isolated browser sessions (one per user); all are closed after the test.

    Each session collects script errors and refusals by the Content Security
    Policy; the test fails if a page produced any.
    """
    contexts = []
    problems: list[str] = []

    def watch(page):
        page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
        page.on(
            "console",
            lambda msg: (
                problems.append(f"{page.url}: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )

    def make(**kwargs):
        kwargs.setdefault("viewport", LAPTOP)
        context = browser.new_context(accept_downloads=True, **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not problems, "errors in the browser:\n" + "\n".join(problems)


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


def screenshot(page, name: str, *, full_page: bool = True) -> Path | None:
    """Save a PNG to docs/screenshots/<name>.png (or $SCREENSHOT_DIR), if asked to.

    Run ``SCREENSHOTS=1 make test`` (or pytest -m e2e) to refresh them.
    """
    if not TAKE_SCREENSHOTS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


_FORGED_ACTION = """([url, action, version]) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = url;
    const token = document.querySelector("[name=csrfmiddlewaretoken]");
    for (const [name, value] of [
        ["csrfmiddlewaretoken", token.value],
        ["action", action],
        ["expected_version", String(version)],
    ]) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
    }
    document.body.append(form);
    form.submit();
}"""


def post_forged_action(page, claim, action: str):
    """Post a workflow action the page does not offer (a form built in the page,
    with the session's own CSRF token), as a user who edits the HTML would; the
    answer to that POST."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.evaluate(
            _FORGED_ACTION, [f"/claims/{claim.pk}/action/", action, claim.version]
        )
    return answer.value
