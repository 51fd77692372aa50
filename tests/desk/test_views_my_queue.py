"""My queue: my claims, then new claims to take, most check-worthy first."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
URL = "/queue/"


def test_lists_my_claims_and_the_new_ones_by_score(
    client, researcher, other_researcher
):
    mine = ClaimFactory(status="researching", assignee=researcher)
    ClaimFactory(status="researching", assignee=other_researcher)
    ClaimFactory(status="in_review", assignee=researcher)
    low = ClaimFactory(checkworthiness=0.2)
    high = ClaimFactory(checkworthiness=0.95)
    client.force_login(researcher)
    response = client.get(URL)
    assert [c.pk for c in response.context["assigned"]] == [mine.pk]
    assert [c.pk for c in response.context["available"]] == [high.pk, low.pk]


def test_take_button_starts_research(client, researcher):
    claim = ClaimFactory()
    client.force_login(researcher)
    html = client.get(URL).content.decode()
    action = reverse("desk:claim_action", args=[claim.pk])
    assert f'action="{action}"' in html
    client.post(action, {"action": "start_research", "expected_version": 1})
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("researching", researcher)
    response = client.get(URL)
    assert [c.pk for c in response.context["assigned"]] == [claim.pk]
    assert response.context["available"] == []


def test_taking_a_claim_someone_just_took_is_refused(
    client, researcher, other_researcher
):
    from claims.services.workflow import claim_start_research

    claim = ClaimFactory()
    claim_start_research(claim=claim, actor=other_researcher)
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "start_research", "expected_version": 1},
    )
    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.assignee == other_researcher
