"""The claims app's words in German and Chinese: the timeline's registered actions
and statuses, and a service's refusal, in the language the browser asks for."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from claims.models import ClaimStatus, Verdict
from claims.services.claims import claim_update
from claims.services.matching import claims_match
from claims.services.workflow import claim_start_research
from tests.factories import AppearanceFactory, ClaimFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db

LOCALE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture(autouse=True)
def negotiated(settings):
    """Pages answer in the Accept-Language's language, as with the settings' own
    LocaleMiddleware (added here where the settings do not have it yet).

    The middleware leaves the language active in the thread after a request: it is
    reset so that the tests after these read English again.
    """
    if LOCALE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        sessions = middleware.index(
            "django.contrib.sessions.middleware.SessionMiddleware"
        )
        middleware.insert(sessions + 1, LOCALE)
        settings.MIDDLEWARE = middleware
    yield
    translation.deactivate()


def _timeline(html: str) -> str:
    return html[html.index('id="timeline"') :]


def test_the_timeline_reads_in_german(client, researcher, editor):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        changes={"text": "A corrected sentence."},
    )
    client.force_login(researcher)
    url = reverse("desk:claim_detail", args=[claim.pk])
    german = _timeline(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert "Behauptung bearbeitet" in german  # the registered label
    assert "hat die Behauptung" in german and "bearbeitet" in german
    assert "<del>Neu</del>" in german and "<ins>In Recherche</ins>" in german
    # Without Accept-Language the same page is English.
    english = _timeline(client.get(url).content.decode())
    assert "Claim edited" in english and "<ins>Researching</ins>" in english
    assert "Behauptung" not in english


def test_a_stale_match_resolution_is_refused_in_german(client, editor, other_editor):
    ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    AppearanceFactory(claim=new)
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    seen = new.version
    # Someone else edits the claim while the editor has its page open.
    claim_update(
        claim=new, actor=other_editor, expected_version=seen, changes={"topic": "Chips"}
    )
    client.force_login(editor)
    response = client.post(
        reverse("desk:claim_match_resolve", args=[new.pk, match.pk]),
        {"status": "same", "version": seen},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="de",
    )
    html = response.content.decode()
    assert "Diese Behauptung wurde von jemand anderem geändert" in html
    assert "This claim was changed by someone else" not in html
    match.refresh_from_db()
    assert match.status == "suggested"


def test_statuses_and_ratings_have_chinese_names():
    with translation.override("zh-hans"):
        assert str(ClaimStatus.IN_REVIEW.label) == "审核中"
        assert str(Verdict.MISLEADING.label) == "误导性"
    assert str(ClaimStatus.IN_REVIEW.label) == "In review"


def test_the_claimreview_json_ld_keeps_the_english_rating(client, researcher, editor):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    publish(claim, researcher=researcher, editor=editor, rating="misleading")
    html = client.get(
        reverse("reviews:verdict_detail", args=[claim.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    rating = json.loads(script)["reviewRating"]
    # Search engines read schema.org's English; the page around it is German.
    assert rating["alternateName"] == "Misleading"
    assert "Irreführend" in html.replace(script, "")
