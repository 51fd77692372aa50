"""The sources pages: list, detail, add and edit, as researchers and editors use them."""

import html
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from sources.models import Source, SourceKind
from sources.services import source_create, source_update
from tests.factories import EvidenceFactory, SourceFactory, UserFactory
from tests.lists import header
from tests.paging import walk, walk_back

pytestmark = pytest.mark.django_db

LIST = reverse("desk:source_list")
NEW = reverse("desk:source_create")


def _form_data(**overrides):
    data = {
        "url": "https://stats.example.gov/ai-2025",
        "title": "AI adoption survey 2025",
        "publisher": "Statistics Office",
        "kind": SourceKind.OFFICIAL_STATISTICS,
        "published_on": "2025-03-01",
        "accessed_on": "2025-04-02",
        "archive_url": "",
    }
    data.update(overrides)
    return data


def _edit_data(source, **typed):
    """What the edit form posts: every field, its hidden initial, and the version."""
    values = {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "kind": source.kind,
        "published_on": source.published_on.isoformat() if source.published_on else "",
        "accessed_on": source.accessed_on.isoformat() if source.accessed_on else "",
        "archive_url": source.archive_url,
    }
    data = {**values, **{f"initial-{k}": v for k, v in values.items()}}
    data["version"] = source.version
    data.update(typed)
    return data


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


# --- who may see and change sources ------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["source_list", "source_create", "source_detail", "source_edit"]
)
def test_anonymous_is_sent_to_sign_in(client, url_name):
    source = SourceFactory()
    args = [source.pk] if url_name in {"source_detail", "source_edit"} else []
    response = client.get(reverse(f"desk:{url_name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "url_name", ["source_list", "source_create", "source_detail", "source_edit"]
)
def test_user_without_a_role_is_refused(client, outsider, url_name):
    source = SourceFactory()
    args = [source.pk] if url_name in {"source_detail", "source_edit"} else []
    client.force_login(outsider)
    response = client.get(reverse(f"desk:{url_name}", args=args))
    assert response.status_code == 403
    assert "not allowed" in response.content.decode()


def test_user_without_a_role_cannot_post_a_new_source(client, outsider):
    client.force_login(outsider)
    response = client.post(NEW, _form_data())
    assert response.status_code == 403
    assert not Source.objects.exists()


# --- list -----------------------------------------------------------------------


def test_list_searches_title_publisher_and_address(client, researcher):
    SourceFactory(title="Chip exports", publisher="Customs", url="https://a.example/x")
    SourceFactory(title="Compute census", publisher="Ministry of Industry")
    SourceFactory(title="Other", url="https://census.example.org/data")
    client.force_login(researcher)

    titles = lambda q: [s.title for s in client.get(LIST, {"q": q}).context["sources"]]  # noqa: E731

    assert titles("chip") == ["Chip exports"]
    assert titles("industry") == ["Compute census"]
    assert sorted(titles("census")) == ["Compute census", "Other"]


def test_list_filters_by_kind_and_counts_citing_claims(client, researcher):
    paper = SourceFactory(title="A paper", kind=SourceKind.PEER_REVIEWED)
    SourceFactory(title="A news story", kind=SourceKind.NEWS_REPORT)
    EvidenceFactory(source=paper)
    EvidenceFactory(source=paper)
    client.force_login(researcher)

    response = client.get(LIST, {"kind": SourceKind.PEER_REVIEWED})

    sources = list(response.context["sources"])
    assert [s.title for s in sources] == ["A paper"]
    assert sources[0].claim_count == 2


def test_list_page_size_is_bounded(client, researcher, settings):
    settings.LIST_MAX_PAGE_SIZE = 3
    SourceFactory.create_batch(5)
    client.force_login(researcher)

    response = client.get(LIST, {"page_size": "100000"})

    assert len(response.context["sources"]) == 3
    assert 'rel="next"' in response.content.decode()


def test_list_shows_titles_escaped(client, researcher):
    SourceFactory(title="<script>window.__xss=1</script>")
    client.force_login(researcher)

    html = client.get(LIST).content.decode()

    assert "<script>window.__xss" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


# --- detail ---------------------------------------------------------------------


def test_detail_lists_every_claim_citing_the_source_with_its_stance(client, researcher):
    source = SourceFactory()
    EvidenceFactory(source=source, stance="supports", claim__text="Exports rose.")
    EvidenceFactory(source=source, stance="refutes", claim__text="Exports fell.")
    gone = EvidenceFactory(source=source, claim__text="Removed claim.")
    gone.removed_at = gone.added_at
    gone.save()
    client.force_login(researcher)

    response = client.get(reverse("desk:source_detail", args=[source.pk]))

    html = response.content.decode()
    assert "Exports rose." in html and "Supports" in html
    assert "Exports fell." in html and "Refutes" in html
    assert "Removed claim." not in html
    assert "Claims citing this source (2)" in html


def test_detail_of_a_missing_source_is_404(client, researcher):
    client.force_login(researcher)
    assert client.get(reverse("desk:source_detail", args=[999])).status_code == 404


# --- add --------------------------------------------------------------------------


def test_add_creates_the_source_and_records_it(client, researcher):
    client.force_login(researcher)

    response = client.post(
        NEW, _form_data(url="https://Stats.Example.gov/ai?utm_source=x")
    )

    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:source_detail", args=[source.pk])
    assert source.url == "https://stats.example.gov/ai"
    assert source.added_by == researcher
    event = AuditEvent.objects.get(action="source.created")
    assert event.actor == researcher


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org/report.pdf",
    ],
)
def test_add_refuses_addresses_that_are_not_http(client, researcher, address):
    client.force_login(researcher)

    response = client.post(NEW, _form_data(url=address))

    assert response.status_code == 400
    assert "Only http and https addresses are accepted" in response.content.decode()
    assert not Source.objects.exists()


def test_add_refuses_a_javascript_archive_address(client, researcher):
    client.force_login(researcher)

    response = client.post(NEW, _form_data(archive_url="javascript:alert(1)"))

    assert response.status_code == 400
    assert response.context["form"].errors["archive_url"]
    assert not Source.objects.exists()


def test_add_refuses_a_known_address_and_keeps_the_typing(client, researcher):
    SourceFactory(url="https://stats.example.gov/ai-2025")
    client.force_login(researcher)

    response = client.post(NEW, _form_data(title="My careful title"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "This source is already known." in html
    assert 'value="My careful title"' in html


# --- edit -------------------------------------------------------------------------


def _edit_url(source):
    return reverse("desk:source_edit", args=[source.pk])


def test_edit_saves_only_what_changed_and_records_old_and_new(client, researcher):
    source = source_create(
        actor=researcher, url="https://a.example/1", title="Old", publisher="P"
    )
    client.force_login(researcher)

    response = client.post(_edit_url(source), _edit_data(source, title="New"))

    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.title, source.version) == ("New", 2)
    event = AuditEvent.objects.get(action="source.changed")
    assert event.changes == {"title": {"old": "Old", "new": "New"}}


def test_edit_refuses_a_javascript_address(client, researcher):
    source = SourceFactory()
    client.force_login(researcher)

    response = client.post(_edit_url(source), _edit_data(source, url="javascript:x"))

    assert response.status_code == 400
    assert "Only http and https addresses are accepted" in response.content.decode()
    source.refresh_from_db()
    assert source.url.startswith("https://")


def test_stale_edit_shows_the_other_change_and_keeps_what_the_user_typed(
    client, researcher, editor
):
    source = source_create(
        actor=researcher, url="https://a.example/1", title="Old title", publisher="P"
    )
    seen = _edit_data(source, title="Rosa's title")  # form opened at version 1
    source_update(
        source=source,
        actor=editor,
        expected_version=1,
        changes={"publisher": "Edith's publisher"},
    )
    client.force_login(researcher)

    response = client.post(_edit_url(source), seen)

    assert response.status_code == 412
    html = response.content.decode()
    assert "Someone else changed this source" in html
    assert "Edith&#x27;s publisher" in html  # shown as the current value
    form = response.context["form"]
    assert form["title"].value() == "Rosa's title"  # the user's typing is kept
    assert form["publisher"].value() == "Edith's publisher"  # untouched: current
    assert form["version"].value() == "2"
    source.refresh_from_db()
    assert source.title == "Old title"


def test_saving_again_after_a_conflict_keeps_both_changes(client, researcher, editor):
    source = source_create(
        actor=researcher, url="https://a.example/1", title="Old title", publisher="P"
    )
    seen = _edit_data(source, title="Rosa's title")
    source_update(
        source=source, actor=editor, expected_version=1, changes={"publisher": "E"}
    )
    client.force_login(researcher)
    conflict = client.post(_edit_url(source), seen)

    again = client.post(_edit_url(source), conflict.context["form"].data)

    assert again.status_code == 302
    source.refresh_from_db()
    assert (source.title, source.publisher, source.version) == ("Rosa's title", "E", 3)


# --- paging and search, shared with the API -----------------------------------


def test_list_pages_by_keyset_to_the_last_page_and_back(client, researcher):
    # Equal titles: the id decides their order, and no row is lost between pages.
    sources = [SourceFactory(title="Same title") for _ in range(4)]
    sources += [SourceFactory(title=f"Title {n}") for n in range(5)]
    client.force_login(researcher)
    in_order = [s.pk for s in sorted(sources, key=lambda s: (s.title, s.pk))]

    pages = walk(client, LIST, {"page_size": 2})

    assert [len(p) for p in pages] == [2, 2, 2, 2, 1]
    assert sum(pages, []) == in_order
    assert walk_back(client, LIST, {"page_size": 2}) == pages[::-1]


def test_list_pages_of_a_search_keep_the_search(client, researcher):
    wanted = [SourceFactory(title=f"Yearbook {n}") for n in range(3)]
    SourceFactory(title="Customs bulletin")
    client.force_login(researcher)

    pages = walk(client, LIST, {"q": "yearbook", "page_size": 1})

    assert sum(pages, []) == [s.pk for s in wanted]


def test_list_reads_the_older_page_size_names_of_bookmarks(client, researcher):
    SourceFactory.create_batch(4)
    client.force_login(researcher)

    def shown(params):
        return len(client.get(LIST, params).context["sources"])

    assert shown({"page_size": 2}) == shown({"per_page": 2}) == shown({"size": 2}) == 2
    # A page forgives what the API refuses: an unreadable size is the default.
    assert shown({"page_size": "many"}) == shown({"page_size": "0"}) == 4


def test_a_search_of_several_words_finds_the_same_sources_as_the_api(
    client, researcher
):
    both = SourceFactory(
        title="Statistical Yearbook 2025",
        publisher="National Bureau of Statistics of China",
    )
    in_address = SourceFactory(
        title="Yearbook tables", url="https://stats.example.cn/china/2024"
    )
    SourceFactory(title="China customs bulletin")
    SourceFactory(title="A yearbook of Japan")
    client.force_login(researcher)
    api = APIClient()
    api.force_authenticate(researcher)
    query = {"q": "china yearbook"}

    on_the_page = [s.pk for s in client.get(LIST, query).context["sources"]]
    in_the_api = [s["id"] for s in api.get("/api/v1/sources/", query).json()["results"]]

    assert on_the_page == in_the_api == [both.pk, in_address.pk]


# --- sortable column headers ----------------------------------------------------


def cited(source, times: int) -> None:
    for _ in range(times):
        EvidenceFactory(source=source)


def test_clicking_a_header_sorts_and_a_second_click_reverses(client, researcher):
    rarely = SourceFactory(title="A rarely cited survey")
    often = SourceFactory(title="B often cited yearbook")
    cited(rarely, 1)
    cited(often, 3)
    client.force_login(researcher)
    page = client.get(LIST, {"q": "cited"}).content.decode()
    assert header(page, "Title")[1] == "ascending"  # the default: by title
    link, aria = header(page, "Claims citing")
    assert aria is None

    response = client.get(LIST + link)

    assert [s.pk for s in response.context["sources"]] == [often.pk, rarely.pk]
    page = response.content.decode()
    assert header(page, "Claims citing")[1] == "descending"
    assert header(page, "Title")[1] is None
    assert "q=cited" in link  # the filters stay
    again = client.get(LIST + header(page, "Claims citing")[0])
    assert [s.pk for s in again.context["sources"]] == [rarely.pk, often.pk]
    assert header(again.content.decode(), "Claims citing")[1] == "ascending"
    by_title = client.get(LIST + header(page, "Title")[0])
    assert header(by_title.content.decode(), "Title")[1] == "ascending"


def test_a_header_starts_again_at_the_first_page_in_the_chosen_page_size(
    client, researcher
):
    for _ in range(3):
        SourceFactory()
    client.force_login(researcher)
    first = client.get(LIST, {"page_size": 2}).content.decode()
    after = re.search(r'href="\?([^"]*after=\d+[^"]*)"', first)
    page = client.get(LIST + "?" + html.unescape(after.group(1))).content.decode()

    link, _aria = header(page, "Claims citing")

    assert "page_size=2" in link
    assert "after=" not in link


def test_pages_of_a_sort_by_citations_hold_every_source_once(client, researcher):
    # Ties in the sort (equal counts): the id decides, so no row is lost or repeated.
    sources = [SourceFactory() for _ in range(7)]
    for source, times in zip(sources, (2, 0, 2, 1, 0, 2, 1), strict=True):
        cited(source, times)
    client.force_login(researcher)
    counts = {s.pk: s.evidence.count() for s in sources}
    expected = sorted(counts, key=lambda pk: (-counts[pk], pk))

    pages = walk(client, LIST, {"sort": "-citing", "page_size": 2})

    assert sum(pages, []) == expected
    assert walk_back(client, LIST, {"sort": "-citing", "page_size": 2}) == pages[::-1]


def test_an_unknown_sort_is_named_and_the_list_still_shows(client, researcher):
    SourceFactory()
    client.force_login(researcher)
    response = client.get(LIST, {"sort": "colour"})
    page = response.content.decode()
    assert "Sort “colour” was ignored" in page
    assert len(response.context["sources"]) == 1
    assert header(page, "Title")[1] == "ascending"


def test_the_api_sorts_sources_with_the_same_names(researcher):
    cited(SourceFactory(title="Z"), 2)
    SourceFactory(title="A")
    api = APIClient()
    api.force_authenticate(researcher)
    response = api.get("/api/v1/sources/", {"sort": "-citing"})
    assert [row["title"] for row in response.json()["results"]] == ["Z", "A"]
    refused = api.get("/api/v1/sources/", {"sort": "colour"})
    assert refused.status_code == 400
    assert "citing" in str(refused.json())
