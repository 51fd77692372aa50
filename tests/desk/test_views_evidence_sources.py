"""The evidence form's known-source menu: a few useful sources, a search of the
library, and any existing source accepted by id."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Evidence
from claims.selectors import SOURCE_MENU_SIZE
from desk.views.claim import SOURCE_SEARCH_SHOWN
from sources.models import Source, SourceKind
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    ReportFactory,
    SourceFactory,
)
from tests.states import researching_claim

pytestmark = pytest.mark.django_db

# The menu's own empty choice ("— choose a known source … —").
EMPTY = 1


def library(n: int, prefix: str = "Library source") -> list[Source]:
    """n sources no claim cites, added by nobody at the desk."""
    return Source.objects.bulk_create(
        Source(
            url=f"https://library.example.org/{prefix.replace(' ', '-')}/{i}",
            title=f"{prefix} {i}",
            publisher="Library Office",
            kind=SourceKind.OTHER,
        )
        for i in range(n)
    )


def menu(response) -> list[tuple[str, bool]]:
    """(value, selected) of each option of the known-source menu."""
    html = response.content.decode()
    select = re.search(r'<select name="source".*?</select>', html, re.DOTALL)
    assert select, "no known-source menu on the page"
    return [
        (value, bool(selected))
        for value, selected in re.findall(
            r'<option value="(\d*)"( selected)?', select.group(0)
        )
    ]


def offered(response) -> set[int]:
    return {int(value) for value, _ in menu(response) if value}


@pytest.fixture
def in_report(researcher, other_researcher):
    """A researching claim of a report whose other claims cite three sources."""
    report = ReportFactory()
    claim = researching_claim(researcher)
    AppearanceFactory(claim=claim, report=report)
    cited = []
    for n in range(3):
        sibling = ClaimFactory(status="researching")
        AppearanceFactory(claim=sibling, report=report)
        evidence = EvidenceFactory(
            claim=sibling,
            source=SourceFactory(title=f"Cited bulletin {n}"),
            added_by=other_researcher,
        )
        cited.append(evidence.source)
    return claim, cited


def page(client, claim, **query):
    return client.get(reverse("desk:claim_detail", args=[claim.pk]), query)


def add_evidence(client, claim, **data):
    return client.post(
        reverse("desk:claim_evidence_add", args=[claim.pk]),
        {"stance": "supports", "new_kind": "other", **data},
    )


def test_the_menu_is_bounded_and_offers_the_reports_sources(
    client, researcher, in_report
):
    claim, cited = in_report
    library(200)
    client.force_login(researcher)
    response = page(client, claim)
    assert response.status_code == 200
    assert len(menu(response)) <= SOURCE_MENU_SIZE + EMPTY
    assert offered(response) == {source.pk for source in cited}
    html = response.content.decode()
    assert '<optgroup label="Cited in this claim’s reports">' in html
    # The option says which source it is: title, publisher, address.
    assert "Cited bulletin 0 — Example Statistics Office — example.org/source/" in html


def test_a_claim_in_no_report_offers_the_sources_cited_on_it(
    client, researcher, other_researcher, in_report
):
    claim = researching_claim(researcher)
    assert not claim.appearances.exists()
    own = EvidenceFactory(
        claim=claim,
        source=SourceFactory(title="Own bulletin"),
        added_by=other_researcher,
    )
    client.force_login(researcher)
    # Not the sources of a report it is not in.
    assert offered(page(client, claim)) == {own.source.pk}


def test_the_menu_offers_what_the_user_cited_or_added_lately(
    client, researcher, in_report
):
    claim, cited = in_report
    library(50)
    elsewhere = EvidenceFactory(
        source=SourceFactory(title="Census tables"), added_by=researcher
    ).source
    uploaded = SourceFactory(title="Uploaded ministry PDF", added_by=researcher)
    client.force_login(researcher)
    response = page(client, claim)
    assert {elsewhere.pk, uploaded.pk} <= offered(response)
    assert (
        '<optgroup label="Cited or added lately by you">' in response.content.decode()
    )


def test_an_uploaded_document_is_offered_by_its_title_and_publisher(
    client, researcher, in_report
):
    claim, _ = in_report
    SourceFactory(
        url=None,
        document_sha256="a" * 64,
        title="Annual report scan",
        publisher="Port Authority",
        added_by=researcher,
    )
    client.force_login(researcher)
    response = page(client, claim)
    assert ">Annual report scan — Port Authority</option>" in response.content.decode()


def test_a_long_history_still_gives_a_bounded_menu(client, researcher, in_report):
    claim, cited = in_report
    for source in library(60, "Used before"):
        EvidenceFactory(source=source, added_by=researcher)
    client.force_login(researcher)
    response = page(client, claim)
    sources = offered(response)
    assert len(sources) == SOURCE_MENU_SIZE
    assert {source.pk for source in cited} <= sources


def test_a_search_puts_a_source_outside_the_menu_in_it(client, researcher, in_report):
    claim, _ = in_report
    library(200)
    wanted = SourceFactory(title="Fisheries yearbook 2024", publisher="Marine Office")
    client.force_login(researcher)
    assert wanted.pk not in offered(page(client, claim))

    response = page(client, claim, source_q="fisheries marine")
    assert wanted.pk in offered(response)
    # The only match is chosen, and the form is open where the search was made.
    assert (str(wanted.pk), True) in menu(response)
    html = response.content.decode()
    assert '<details class="panel" id="add-evidence" open>' in html
    assert "1 source matches “fisheries marine”: it is first in the menu." in html
    assert 'action="' + reverse("desk:claim_detail", args=[claim.pk]) in html
    assert '<label for="id_source_q">Find a known source' in html


def test_a_wide_search_offers_its_first_matches_and_the_whole_list(
    client, researcher, in_report
):
    claim, _ = in_report
    library(SOURCE_SEARCH_SHOWN + 5, "Harbour register")
    client.force_login(researcher)
    response = page(client, claim, source_q="harbour")
    found = Source.objects.filter(title__startswith="Harbour register")
    assert len(offered(response) & set(found.values_list("pk", flat=True))) == (
        SOURCE_SEARCH_SHOWN
    )
    assert len(menu(response)) <= SOURCE_MENU_SIZE + SOURCE_SEARCH_SHOWN + EMPTY
    html = response.content.decode()
    assert (
        f"More than {SOURCE_SEARCH_SHOWN} sources match “harbour”: the first "
        f"{SOURCE_SEARCH_SHOWN} are in the menu." in html
    )
    assert f'href="{reverse("desk:source_list")}?q=harbour"' in html


def test_a_search_that_finds_nothing_says_so(client, researcher, in_report):
    claim, cited = in_report
    client.force_login(researcher)
    response = page(client, claim, source_q="zeppelin")
    assert "No known source matches “zeppelin”." in response.content.decode()
    assert offered(response) == {source.pk for source in cited}


def test_evidence_from_a_source_outside_the_menu_is_added(
    client, researcher, in_report
):
    claim, _ = in_report
    outside = library(200)[150]
    client.force_login(researcher)
    assert outside.pk not in offered(page(client, claim))
    response = add_evidence(client, claim, source=outside.pk)
    assert response.status_code == 302
    assert Evidence.objects.get(claim=claim).source == outside


@pytest.mark.parametrize("value", ["999999", "abc", "99999999999999999999"])
def test_an_unknown_source_is_a_form_error(client, researcher, in_report, value):
    claim, _ = in_report
    client.force_login(researcher)
    response = add_evidence(client, claim, source=value)
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Evidence.objects.filter(claim=claim).exists()


def test_a_refused_form_keeps_the_chosen_source_in_the_menu(
    client, researcher, in_report
):
    claim, _ = in_report
    outside = library(100)[70]
    client.force_login(researcher)
    response = add_evidence(client, claim, source=outside.pk, stance="")
    assert response.status_code == 400
    assert (str(outside.pk), True) in menu(response)


def test_the_claim_page_reads_as_many_queries_with_many_sources(
    client, researcher, in_report
):
    claim, _ = in_report
    client.force_login(researcher)

    def count(**query) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = page(client, claim, **query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    library(20)
    few, few_searched = count(), count(source_q="library")
    library(180, "More library")
    assert (count(), count(source_q="library")) == (few, few_searched)
