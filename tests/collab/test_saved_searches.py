"""Saved searches: a list's filters under a name, own or shared, with their counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from claims.services.tallies import claim_tallies_rebuild
from collab.models import SavedSearch
from collab.selectors import saved_searches_for
from collab.services.saved_searches import saved_search_create, saved_search_delete
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_saving_a_search_drops_paging_and_is_recorded(researcher):
    saved = saved_search_create(
        actor=researcher,
        name="  Hot   statistics ",
        query="?sort=-score&kind=statistic&after=40&size=20&page_size=10&per_page=5",
    )
    assert (saved.name, saved.query) == ("Hot statistics", "kind=statistic&sort=-score")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "saved_search.created"
    assert event.data["query"] == "kind=statistic&sort=-score"


def test_a_name_is_required_and_unique_per_owner(researcher, other_researcher):
    saved_search_create(actor=researcher, name="Mine", query="status=new")
    with pytest.raises(ValidationError):
        saved_search_create(actor=researcher, name="Mine", query="status=researching")
    with pytest.raises(ValidationError):
        saved_search_create(actor=researcher, name=" ", query="")
    saved_search_create(actor=other_researcher, name="Mine", query="status=new")


def test_others_see_only_shared_searches(researcher, other_researcher):
    saved_search_create(actor=researcher, name="Private", query="status=new")
    saved_search_create(actor=researcher, name="Team", query="status=new", shared=True)
    assert [s.name for s in saved_searches_for(user=other_researcher)] == ["Team"]
    assert [s.name for s in saved_searches_for(user=researcher)] == ["Private", "Team"]


def test_only_the_owner_deletes_and_a_refusal_is_recorded(
    researcher, other_researcher, editor
):
    private = saved_search_create(actor=researcher, name="Private", query="")
    with pytest.raises(PermissionDenied):
        saved_search_delete(saved=private, actor=other_researcher)
    assert AuditEvent.objects.filter(action="access.refused").exists()
    shared = saved_search_create(actor=researcher, name="Team", query="", shared=True)
    saved_search_delete(saved=shared, actor=editor)  # an editor tidies the desk's
    saved_search_delete(saved=private, actor=researcher)
    assert not SavedSearch.objects.exists()
    assert AuditEvent.objects.filter(action="saved_search.deleted").count() == 2


def test_the_list_and_the_dashboard_show_saved_searches_with_counts(client, researcher):
    for _ in range(3):
        ClaimFactory(status="new", kind="event")
    ClaimFactory(status="researching", kind="statistic")
    claim_tallies_rebuild()
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_search_save"),
        {"name": "New ones", "query": "status=new", "shared": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "Search “New ones” saved, shared with the desk." in html
    saved_search_create(actor=researcher, name="Stats", query="kind=statistic")
    for url in (reverse("desk:claim_list"), reverse("desk:dashboard")):
        html = client.get(url).content.decode()
        panel = html[html.index("Saved searches") :]
        assert '<a href="/claims/?status=new">New ones</a>' in panel
        assert '<span class="count">3<' in panel
        assert '<a href="/claims/?kind=statistic">Stats</a>' in panel
        assert '<span class="count">1<' in panel


def test_the_save_form_carries_the_current_filters(client, researcher):
    client.force_login(researcher)
    html = client.get("/claims/", {"status": "new", "after": "5"}).content.decode()
    assert 'name="query" value="status=new"' in html
