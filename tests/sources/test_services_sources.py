"""Sources: normalised unique URLs, http(s) only, audited edits with optimistic locking."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from config.exceptions import StaleEdit
from sources.services import source_create, source_get_or_create, source_update
from sources.urlnorm import normalise_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (
            "HTTPS://Stats.Example.ORG/table?b=2&a=1#top",
            "https://stats.example.org/table?a=1&b=2",
        ),
        ("https://example.org", "https://example.org/"),
        ("http://example.org:80/x?utm_source=tw&id=3", "http://example.org/x?id=3"),
    ],
)
def test_urls_are_normalised(raw, normalised):
    assert normalise_url(raw) == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org/f",
        "example.org",
        "",
    ],
)
def test_only_http_and_https_are_accepted(raw):
    with pytest.raises(ValidationError):
        normalise_url(raw)


def test_creating_a_source_is_audited(researcher):
    source = source_create(
        actor=researcher, url="https://example.org/report", title="Annual report"
    )
    event = AuditEvent.objects.get(action="source.created")
    assert event.subject_id == str(source.pk)
    assert event.data["changes"]["url"]["new"] == "https://example.org/report"


def test_the_same_page_is_one_source(researcher):
    first = source_create(
        actor=researcher, url="https://example.org/a?utm_medium=x", title="A"
    )
    with pytest.raises(ValidationError):
        source_create(actor=researcher, url="https://EXAMPLE.org/a", title="A again")
    again, created = source_get_or_create(
        actor=researcher, url="https://example.org/a", title="A"
    )
    assert (again, created) == (first, False)


def test_the_public_cannot_add_sources(anonymous):
    with pytest.raises(PermissionDenied):
        source_create(actor=anonymous, url="https://example.org/", title="x")
    assert AuditEvent.objects.get().action == "access.refused"


def test_a_stale_source_edit_is_refused(researcher, editor):
    source = source_create(
        actor=researcher, url="https://example.org/", title="Old title"
    )
    source_update(
        source=source,
        actor=editor,
        expected_version=1,
        changes={"title": "Editor's title"},
    )
    with pytest.raises(StaleEdit):
        source_update(
            source=source,
            actor=researcher,
            expected_version=1,
            changes={"title": "Mine"},
        )
    source.refresh_from_db()
    assert source.title == "Editor's title"


def test_an_archive_url_must_be_http_too(researcher):
    with pytest.raises(ValidationError):
        source_create(
            actor=researcher,
            url="https://example.org/",
            title="x",
            archive_url="javascript:alert(1)",
        )
