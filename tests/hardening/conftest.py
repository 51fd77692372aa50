"""Fixtures of the hardening tests: a login page to post to, and a client that signs in."""

from pathlib import Path

import pytest

FALLBACK_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture
def login_page(settings):
    """The real LoginView, with a minimal template if the project has none yet."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], FALLBACK_TEMPLATES]
    settings.TEMPLATES = templates
    return "/accounts/login/"


@pytest.fixture
def password():
    return "correct-horse-battery"  # tests.factories.UserFactory's
