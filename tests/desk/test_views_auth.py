"""Sign-in, sign-out and the navigation bar."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DESK_PAGES = [
    "desk:dashboard",
    "desk:claim_list",
    "desk:my_queue",
    "desk:review_queue",
    "desk:report_list",
    "desk:report_import",
]


@pytest.mark.parametrize("name", DESK_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_login_page_has_labelled_fields(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'href="#main"' in html  # skip link


def test_navigation_names_the_user_and_role(client, editor):
    client.force_login(editor)
    html = client.get(reverse("desk:dashboard")).content.decode()
    assert "Signed in as <strong>Edith</strong>" in html
    assert "(Editor)" in html
    assert reverse("desk:review_queue") in html
    assert 'href="/sources/"' in html and 'href="/audit/"' in html
    assert reverse("admin:index") in html  # editors are staff


def test_researchers_do_not_see_editor_links(client, researcher):
    client.force_login(researcher)
    html = client.get(reverse("desk:dashboard")).content.decode()
    assert "(Researcher)" in html
    assert reverse("desk:review_queue") not in html
    assert reverse("admin:index") not in html


def test_sign_out_is_a_post_form(client, researcher):
    client.force_login(researcher)
    html = client.get(reverse("desk:dashboard")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in html
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("desk:dashboard")).status_code == 302


def test_users_without_a_role_are_refused(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="reader"))
    assert client.get(reverse("desk:claim_list")).status_code == 403
