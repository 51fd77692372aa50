"""What a browser receives: CSP, HSTS, framing and sniffing rules, cookie flags."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_strict_content_security_policy(client, login_page):
    response = client.get(login_page)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_refuse_framing_and_sniffing(client, login_page):
    response = client.get(login_page)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_responses_carry_hsts(client, login_page):
    response = client.get(login_page, secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_plain_http_is_redirected_to_https_in_production(client, login_page, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(login_page)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure_httponly_samesite(
    client, login_page, settings, editor, password
):
    # Production values; the test settings relax Secure for the plain-HTTP live server.
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    csrf = client.get(login_page).cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        login_page, {"username": editor.username, "password": password}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["max-age"] == settings.SESSION_COOKIE_AGE


def test_csrf_is_enforced_on_the_login_form(login_page, editor, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        login_page, {"username": editor.username, "password": password}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session
