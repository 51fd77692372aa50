"""The page language: Accept-Language, the switcher (/i18n/setlang/), dates."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

SETLANG = "/i18n/setlang/"
DUE = datetime.date(2099, 3, 5)


@pytest.fixture
def claim_page(client, researcher):
    client.force_login(researcher)
    claim = ClaimFactory(due_on=DUE)
    return claim, reverse("desk:claim_detail", args=[claim.pk])


def test_without_a_language_asked_for_the_claim_page_is_british_english(
    client, claim_page
):
    claim, url = claim_page
    html = client.get(url).content.decode()
    assert '<html lang="en-gb">' in html
    assert f"Claim #{claim.pk}" in html and "Timeline" in html


def test_the_claim_page_answers_in_chinese_to_accept_language(client, claim_page):
    claim, url = claim_page
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans,zh;q=0.9,en;q=0.5")
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert response["Content-Language"] == "zh-hans"
    assert f"声明 #{claim.pk}" in html
    assert "证据" in html and "时间线" in html
    assert "Timeline" not in html and "Evidence (" not in html
    # Dates in the Chinese format (Y年n月j日).
    assert "2099年3月5日" in html


def test_the_switcher_sets_german_and_the_next_page_is_german(client, claim_page):
    claim, url = claim_page
    response = client.post(SETLANG, {"language": "de", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    html = client.get(url).content.decode()  # no Accept-Language: the cookie decides
    assert '<html lang="de">' in html
    assert f"Behauptung #{claim.pk}" in html
    assert "Belege (0)" in html and "Verlauf" in html


def test_dates_on_the_claim_page_follow_the_language(client, claim_page):
    claim, url = claim_page
    english = client.get(url).content.decode()
    assert "5 Mar 2099" in english
    client.post(SETLANG, {"language": "de", "next": url})
    german = client.get(url).content.decode()
    assert "5. März 2099" in german
    assert "5 Mar 2099" not in german


def test_every_page_offers_the_switcher_with_the_current_language_chosen(client):
    for url in (reverse("login"), reverse("reviews:verdict_list")):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        form = html[html.index(f'action="{SETLANG}"') :].split("</form>")[0]
        assert 'name="csrfmiddlewaretoken"' in form
        # Each language named in itself, whatever the page's language.
        assert '<option value="en-gb" lang="en-gb">English</option>' in form
        assert '<option value="de" lang="de" selected>Deutsch</option>' in form
        assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in form
        assert '<button type="submit"' in form  # works without JavaScript


def test_the_switcher_does_not_send_you_to_another_site(client):
    response = client.post(
        SETLANG, {"language": "zh-hans", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


def test_the_switcher_refuses_a_post_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(SETLANG, {"language": "de", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_language_the_site_does_not_offer_is_ignored(client):
    client.post(SETLANG, {"language": "fr", "next": "/verdicts/"})
    html = client.get("/verdicts/").content.decode()
    assert '<html lang="en-gb">' in html
