"""A long report is read a part at a time: the first page is fast whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.context import audit_context
from claims.models import Report
from claims.reader import PART_CHARS, reader_parts
from claims.services.imports import report_import

pytestmark = pytest.mark.django_db


def test_parts_cut_between_lines_and_cover_the_text():
    text = "# T\n\n" + "".join(f"- Item {i} grew 5% in 2024.\n" for i in range(20_000))
    parts = reader_parts(text)
    assert len(parts) == len(text) // PART_CHARS + 1
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    assert all(text[end - 1] == "\n" for _start, end in parts[:-1])
    assert reader_parts("# Short\n\nOne claim.") == [(0, 19)]


@pytest.fixture
def long_report(editor) -> Report:
    text = "# Long list\n\n" + "".join(
        f"- Plant {i} reported output of {i % 97}.5% in {2000 + i % 26}.\n"
        for i in range(6_000)
    )
    with audit_context():
        return report_import(actor=editor, text=text).report


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


def test_the_reader_shows_one_part_with_its_claims(client, editor, long_report):
    assert not long_report.html  # rendered per part, not stored whole
    parts = reader_parts(long_report.text)
    assert len(parts) >= 3
    client.force_login(editor)
    response, first = _get(client, f"/reports/{long_report.pk}/")
    html = response.content.decode()
    assert f"part 1 of {len(parts)}" in html
    assert "6,000 claims in 6,000 places" in html  # counts, grouped (intcomma)
    marks = html.count('class="claim-chip')
    assert 0 < marks < 6_000
    assert "Plant 0 reported" in html and "Plant 5999 reported" not in html
    response, last = _get(client, f"/reports/{long_report.pk}/?part={len(parts)}")
    html = response.content.decode()
    assert "Plant 5999 reported" in html and "Plant 0 reported" not in html
    assert 'id="appearance-' in html
    assert last == first
    assert response.context["rendered"].skipped == []
    # Every claim is highlighted in exactly one part.
    total = 0
    for number in range(1, len(reader_parts(long_report.text)) + 1):
        html = client.get(f"/reports/{long_report.pk}/?part={number}").content
        total += html.decode().count('class="claim-chip')
    assert total == 6_000
