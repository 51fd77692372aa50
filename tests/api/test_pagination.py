"""The API's pages: keyset pages for lists that grow, one ``page_size``, and a 400
that names the parameter when a paging parameter cannot be read."""

import pytest

from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, SourceFactory

pytestmark = pytest.mark.django_db

KEYSET_LISTS = [
    "/api/v1/claims/",
    "/api/v1/sources/",
    "/api/v1/reports/",
    "/api/v1/evidence/",
    "/api/v1/notifications/",
    "/api/v1/import-jobs/",
]


def _walk(client, url: str, params: dict, rel: str = "next") -> list[list[int]]:
    body = client.get(url, params).json()
    pages = [[row["id"] for row in body["results"]]]
    while body[rel]:
        assert len(pages) < 100, "the pager loops"
        body = client.get(body[rel]).json()
        pages.append([row["id"] for row in body["results"]])
    return pages


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-3"}, "page_size"),
        ({"page_size": "fifty"}, "page_size"),
        ({"page_size": "1e3"}, "page_size"),
        ({"after": "abc"}, "after"),
        ({"before": "-1"}, "before"),
    ],
)
@pytest.mark.parametrize("url", KEYSET_LISTS)
def test_an_unreadable_paging_parameter_is_a_400_naming_it(
    as_researcher, url, params, name
):
    response = as_researcher.get(url, params)

    assert response.status_code == 400
    assert name in response.content.decode()


@pytest.mark.parametrize("url", KEYSET_LISTS[:4])
def test_a_page_size_above_the_cap_is_the_cap(as_researcher, settings, url):
    settings.LIST_MAX_PAGE_SIZE = 2
    claim = ClaimFactory()
    EvidenceFactory.create_batch(3, claim=claim)
    ReportFactory.create_batch(3)
    ClaimFactory.create_batch(2)

    response = as_researcher.get(url, {"page_size": 10_000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_sources_page_by_keyset_in_title_order_to_the_end_and_back(as_researcher):
    sources = [SourceFactory(title="Same title") for _ in range(3)]
    sources += [SourceFactory(title=f"Title {n}") for n in range(4)]
    in_order = [s.pk for s in sorted(sources, key=lambda s: (s.title, s.pk))]

    pages = _walk(as_researcher, "/api/v1/sources/", {"page_size": 2})

    assert [len(p) for p in pages] == [2, 2, 2, 1]
    assert sum(pages, []) == in_order
    body = as_researcher.get("/api/v1/sources/", {"page_size": 2}).json()
    assert "count" not in body
    last = {"page_size": 2, "after": pages[-2][-1]}
    assert _walk(as_researcher, "/api/v1/sources/", last, "previous") == pages[::-1]


def test_reports_page_by_keyset_newest_first(as_researcher):
    reports = ReportFactory.create_batch(5)

    pages = _walk(as_researcher, "/api/v1/reports/", {"page_size": 2})

    assert sum(pages, []) == [r.pk for r in reports][::-1]


def test_evidence_pages_by_keyset_in_claim_order(as_researcher):
    claims = ClaimFactory.create_batch(2)
    evidence = [EvidenceFactory(claim=claim) for claim in claims for _ in range(3)]
    in_order = [
        e.pk for e in sorted(evidence, key=lambda e: (e.claim_id, e.added_at, e.pk))
    ]

    pages = _walk(as_researcher, "/api/v1/evidence/", {"page_size": 4})

    assert sum(pages, []) == in_order
    assert "count" not in as_researcher.get("/api/v1/evidence/").json()
