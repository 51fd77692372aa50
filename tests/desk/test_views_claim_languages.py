"""The claim page in the reader's language: workflow labels, messages and refusals."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ClaimFactory
from tests.states import in_review_claim

pytestmark = pytest.mark.django_db

LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture(autouse=True)
def browser_language(settings):
    """Pages follow Accept-Language (LocaleMiddleware, added here only if the
    settings lack it); the thread's language is reset afterwards."""
    if LOCALE_MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        at = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
        middleware.insert(at + 1, LOCALE_MIDDLEWARE)
        settings.MIDDLEWARE = middleware
    yield
    translation.deactivate()


def test_a_step_taken_in_german_is_confirmed_and_offers_the_next_in_german(
    client, researcher
):
    claim = ClaimFactory()
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "start_research", "expected_version": claim.version},
        HTTP_ACCEPT_LANGUAGE="de",
        follow=True,
    )
    html = response.content.decode()
    assert "Recherche beginnen: erledigt. Die Behauptung ist jetzt im Status" in html
    # The next steps' buttons come from the workflow table, translated.
    assert "Zurück in den Pool" in html
    assert "Release to the pool" not in html
    # The timeline reads the audit registry's message in German too.
    timeline = html[html.index('id="timeline"') :]
    assert "hat die Recherche zu" in timeline


def test_an_editor_who_wrote_the_verdict_is_told_why_in_chinese(client, editor):
    claim = in_review_claim(editor)
    client.force_login(editor)
    page = client.get(
        reverse("desk:claim_detail", args=[claim.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert (
        "待审核的结论是您撰写的，因此需由另一位编辑批准（四眼原则）"
        in page.content.decode()
    )
    refused = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "approve", "expected_version": claim.version},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert refused.status_code == 403
    assert "四眼原则：结论必须由未撰写该结论的编辑批准。" in refused.content.decode()


def test_without_a_language_the_page_stays_english(client, researcher):
    claim = ClaimFactory()
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "start_research", "expected_version": claim.version},
        follow=True,
    )
    assert "Start research: done. The claim is now" in response.content.decode()
