"""Only http(s) addresses become sources: script and data URLs are refused with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from hypothesis import example, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from sources.models import Source
from sources.services import source_create, source_update
from sources.urlnorm import normalise_url
from tests.factories import SourceFactory

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example.org/page",
    "ftp://example.org/file",
]
REFUSAL = "Only http and https addresses are accepted."


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@pytest.mark.django_db
@pytest.mark.parametrize("url", HOSTILE)
def test_source_create_refuses_non_web_urls(researcher, url):
    with pytest.raises(ValidationError) as refused:
        source_create(actor=researcher, url=url, title="Hostile")
    assert REFUSAL in _message(refused.value)
    assert not Source.objects.exists()
    assert not AuditEvent.objects.filter(action="source.created").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", HOSTILE)
def test_source_create_refuses_non_web_archive_urls(researcher, url):
    with pytest.raises(ValidationError) as refused:
        source_create(
            actor=researcher,
            url="https://example.org/report",
            title="Report",
            archive_url=url,
        )
    assert REFUSAL in _message(refused.value)
    assert not Source.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["url", "archive_url"])
@pytest.mark.parametrize("url", HOSTILE[::2])
def test_source_update_refuses_non_web_urls(researcher, field, url):
    source = SourceFactory()
    with pytest.raises(ValidationError) as refused:
        source_update(
            source=source,
            actor=researcher,
            expected_version=source.version,
            changes={field: url},
        )
    assert REFUSAL in _message(refused.value)
    source.refresh_from_db()
    assert source.url.startswith("https://example.org/")
    assert source.archive_url == ""
    assert source.version == 1


_web = URLValidator(schemes=["http", "https"])
schemes = st.sampled_from(
    ["http", "https", "HTTP", "javascript", "data", "vbscript", "file", "ftp", ""]
)
url_like = st.builds(
    lambda scheme, sep, host, rest: f"{scheme}{sep}{host}{rest}",
    schemes,
    st.sampled_from(["://", ":", ":/", "", " : //"]),
    st.sampled_from(["example.org", "EXAMPLE.org.", "127.0.0.1", "[::1]", "", "a@b"]),
    st.text(max_size=40),
)


def _normalised_or_none(raw: str) -> str | None:
    try:
        return normalise_url(raw)
    except ValidationError:
        return None


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), url_like))
def test_normalise_url_never_returns_a_non_web_address(raw):
    url = _normalised_or_none(raw)
    if url is not None:
        assert url.startswith(("http://", "https://"))


@settings(max_examples=400, deadline=None)
@example("javascript://[")
@given(st.one_of(st.text(max_size=80), url_like))
def test_normalise_url_refuses_with_validation_error_only(raw):
    url = _normalised_or_none(raw)  # anything but ValidationError fails the test
    assert url is None or url.startswith(("http://", "https://"))


@settings(max_examples=400, deadline=None)
@example("http://[2001:db8::1]/report")
@given(st.one_of(st.text(max_size=80), url_like))
def test_normalise_url_returns_a_valid_canonical_address(raw):
    url = _normalised_or_none(raw)
    if url is not None:
        _web(url)  # what it returns is itself a valid web address
        assert normalise_url(url) == url  # and already in canonical form


@pytest.mark.parametrize(
    "markdown, scheme",
    [
        ("[the page](javascript:alert(1))", "javascript:"),
        ("[the page](JAVASCRIPT:alert(1))", "JAVASCRIPT:"),
        ("[the image](data:image/png;base64,iVBORw0KGgo=)", "data:"),
        ("![chart](data:image/png;base64,iVBORw0KGgo=)", "data:"),
        ("<data:image/png;base64,iVBORw0KGgo=>", "data:"),
        ("[the page](vbscript:msgbox(1))", "vbscript:"),
        ('<a href="javascript:alert(1)">raw</a>', "javascript:"),
    ],
)
def test_the_report_reader_links_only_web_and_relative_addresses(markdown, scheme):
    from claims.reader import render_report

    html = render_report(
        f"The figure was 12% in 2024. {markdown}\n", [], claim_url=str
    ).html

    assert "<a " not in html and "<img" not in html
    assert scheme in html  # the text stays, as text


def test_the_report_reader_keeps_web_and_relative_links():
    from claims.reader import render_report

    html = render_report(
        "See [the bureau](https://stats.example.org/t1) and [below](#notes).\n",
        [],
        claim_url=str,
    ).html

    assert 'href="https://stats.example.org/t1"' in html
    assert 'href="#notes"' in html
