"""The friendly error pages: 403, 404, 409, 412, 500 and a forged form post."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from audit.models import AuditEvent
from config.exceptions import StaleEdit, WorkflowConflict
from config.urls import urlpatterns as project_urlpatterns
from sources.models import Source
from tests.factories import UserFactory


def _raise(exc):
    def view(request):
        raise exc

    return view


def _ok(request):
    return HttpResponse("ok")


# Extra routes that raise each error, on top of the project's own.
urlpatterns = [
    path("boom/conflict/", _raise(WorkflowConflict("The claim is already published."))),
    path("boom/stale/", _raise(StaleEdit("Version 3 is current.", current_version=3))),
    path("boom/denied/", _raise(PermissionDenied("Editors only."))),
    path("boom/crash/", _raise(RuntimeError("secret internals"))),
    path("api/boom/conflict/", _raise(WorkflowConflict("api conflict"))),
    *project_urlpatterns,
]
handler403 = "config.error_views.permission_denied"
handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_unknown_page_is_a_friendly_404(client, researcher):
    client.force_login(researcher)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert "/no/such/page/" in html
    assert 'id="main"' in html  # inside the site's layout


def test_permission_denied_is_a_friendly_403_and_is_recorded_once(client, researcher):
    client.force_login(researcher)
    before = AuditEvent.objects.count()
    response = client.get("/boom/denied/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not allowed to do that" in html
    assert "Editors only." in html
    assert AuditEvent.objects.count() == before + 1
    refusal = AuditEvent.objects.order_by("-seq").first()
    assert (refusal.action, refusal.actor) == ("access.refused", researcher)
    assert refusal.data["attempted"] == "GET /boom/denied/"


def test_workflow_conflict_becomes_the_409_page(client, researcher):
    client.force_login(researcher)
    response = client.get("/boom/conflict/", HTTP_REFERER="http://testserver/claims/1/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "cannot be done in the record’s current state" in html
    assert "The claim is already published." in html
    assert 'href="http://testserver/claims/1/"' in html


def test_a_foreign_referer_is_not_offered_as_a_link(client, researcher):
    client.force_login(researcher)
    response = client.get("/boom/conflict/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_stale_edit_becomes_the_412_page(client, researcher):
    client.force_login(researcher)
    response = client.post("/boom/stale/")
    assert response.status_code == 412
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "not saved" in html


def test_api_errors_are_left_to_the_api(researcher):
    client = Client(raise_request_exception=False)
    client.force_login(researcher)
    response = client.get("/api/boom/conflict/")
    assert response.status_code == 500  # not turned into the HTML 409 page


def test_server_error_page_is_standalone_and_hides_internals():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/crash/", HTTP_X_REQUEST_ID="req-0123456789")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "secret internals" not in html
    # The reference to quote is the server's request id, not the client's.
    assert response["X-Request-ID"] in html
    assert "req-0123456789" not in html


def test_a_forged_post_without_the_csrf_token_is_refused(researcher):
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    response = client.post(
        "/sources/new/",
        {"url": "https://example.org/forged", "title": "Forged", "kind": "other"},
    )
    assert response.status_code == 403
    assert "This form could not be accepted" in response.content.decode()
    assert not Source.objects.exists()


def test_error_pages_carry_the_content_security_policy(client):
    UserFactory(username="someone")
    response = client.get("/no/such/page/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in response.content.decode()
