"""The admin names the models in the reader's language (their verbose names are
marked for translation)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    ("language", "wanted"),
    [
        ("de", "Behauptung zur Änderung auswählen"),
        ("zh-hans", "选择 声明 来修改"),
        ("en", "Select claim to change"),
    ],
)
def test_the_claim_changelist_title_is_translated(editor_client, language, wanted):
    html = editor_client.get(
        "/admin/claims/claim/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert wanted in title(html)


def test_the_admin_index_names_apps_and_models_in_german(editor_client):
    html = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # The claims app, its plural model names (none ends in an English "s" added
    # to a translated singular), and a help-free sample from another app.
    for name in ("Behauptungen", "Externe Faktenchecks", "Belege", "Quellen"):
        assert name in html
    assert "claim matches" not in html.lower()


def test_model_help_texts_are_translated(editor_client, researcher):
    from tests import states

    claim = states.researching_claim(researcher)
    html = editor_client.get(
        f"/admin/claims/claim/{claim.pk}/change/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Text" in html  # the label, same in German
    assert "The assertion as one self-contained sentence." not in html
