"""The public verdict pages: no login, published verdicts only, corrections shown."""

import re

import pytest
from django.urls import reverse

from reviews.models import VerdictVersion
from reviews.services import claim_reopen
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ReportFactory,
    SourceFactory,
)
from tests.lists import count_line
from tests.paging import walk, walk_back
from tests.reviews.publishing import correct, publish, research_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(researcher, editor):
    report = ReportFactory(title="AI in China 2024-2026", publisher="Example Institute")
    claim = ClaimFactory(text="China trained 40% of new large models in 2025.")
    AppearanceFactory(claim=claim, report=report, section="Training")
    source = SourceFactory(
        url="https://stats.example.org/yearbook-2025",
        title="Statistical Yearbook 2025",
        archive_url="https://web.archive.org/web/2025/https://stats.example.org/",
    )
    return publish(claim, researcher=researcher, editor=editor, source=source)


def test_anyone_reads_the_list_of_published_verdicts(client, published, researcher):
    draft = ClaimFactory(text="A claim still being researched.")
    research_and_submit(draft, researcher=researcher)

    response = client.get(reverse("reviews:verdict_list"))

    assert response.status_code == 200
    assert published.text in response.content.decode()
    assert "Mostly true" in response.content.decode()
    assert draft.text not in response.content.decode()


def test_verdict_page_shows_claim_verdict_rationale_evidence_and_appearance(
    client, published
):
    response = client.get(reverse("reviews:verdict_detail", args=[published.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert published.text in html
    assert "Mostly true" in html
    assert "The yearbook supports a verdict of mostly_true." in html
    assert 'href="https://stats.example.org/yearbook-2025"' in html
    assert "archived copy" in html
    assert "AI in China 2024-2026" in html
    assert "has not been corrected" in html


def test_unpublished_claims_have_no_public_page(client, researcher):
    claim = research_and_submit(ClaimFactory(), researcher=researcher)

    response = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))

    assert response.status_code == 404


def test_reopened_verdict_stays_public_with_an_under_correction_notice(
    client, published, editor
):
    claim_reopen(
        claim=published,
        actor=editor,
        reason="Rosa misread table 3 (internal).",
        public_note="The statistics office revised the 2025 figure.",
    )

    html = client.get(reverse("reviews:verdict_detail", args=[published.pk])).content
    html = html.decode()

    assert "Under correction" in html
    assert "The statistics office revised the 2025 figure." in html
    assert "misread table 3" not in html
    assert "Mostly true" in html


def test_republished_verdict_shows_as_a_correction(
    client, published, researcher, editor
):
    correct(published, researcher=researcher, editor=editor, rating="false")

    html = client.get(reverse("reviews:verdict_detail", args=[published.pk])).content
    html = html.decode()

    assert "Under correction" not in html
    assert "Rating changed from &#x27;Mostly true&#x27; to &#x27;False&#x27;" in html
    # The reopen reason stays on the desk; version 1 is in the history.
    assert "New figures came out." not in html
    assert 'id="version-1"' in html and 'id="version-2"' in html
    listing = client.get(reverse("reviews:verdict_list")).content.decode()
    assert "Corrected" in listing


def test_claim_text_cannot_break_out_of_the_json_ld_script(client, researcher, editor):
    claim = ClaimFactory(text='Growth was </script><script>alert("x")</script> 5%.')
    AppearanceFactory(claim=claim)
    publish(claim, researcher=researcher, editor=editor)

    html = client.get(reverse("reviews:verdict_detail", args=[claim.pk])).content
    html = html.decode()

    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script type="application/ld+json">']
    assert "\\u003C/script\\u003E" in html


def test_the_list_pages_by_keyset_newest_first_to_the_end_and_back(
    client, researcher, editor
):
    for n in range(5):
        publish(ClaimFactory(text=f"Claim {n}."), researcher=researcher, editor=editor)
    url = reverse("reviews:verdict_list")

    pages = walk(client, url, {"page_size": 2})

    newest_first = VerdictVersion.objects.order_by("-published_at", "-pk")
    assert sum(pages, []) == [v.pk for v in newest_first]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert walk_back(client, url, {"page_size": 2}) == pages[::-1]
    older = client.get(url, {"page_size": 2}).content.decode()
    assert 'rel="next"' in older and "Older" in older


def test_the_list_counts_every_published_verdict(client, published, researcher, editor):
    draft = ClaimFactory(text="A claim still being researched.")
    research_and_submit(draft, researcher=researcher)
    url = reverse("reviews:verdict_list")
    assert count_line(client.get(url).content.decode()) == "1 published verdict"
    for n in range(2):
        publish(ClaimFactory(text=f"Claim {n}."), researcher=researcher, editor=editor)
    # A correction is a new version of the same verdict: still one in the count.
    correct(published, researcher=researcher, editor=editor, rating="false")
    page = client.get(url, {"page_size": 2}).content.decode()
    assert count_line(page) == "3 published verdicts · 2 on this page"
