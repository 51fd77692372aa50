"""The rough edges a new user hit (issue 20), each reproduced: menus, sorting,
messages for bad parameters, names, dates, the editor's missing Approve, the 403."""

import re

import pytest
from django.urls import reverse

from claims.services.claims import claim_assign
from claims.services.tallies import claim_tallies_rebuild
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory
from tests.states import in_review_claim

pytestmark = pytest.mark.django_db
URL = "/claims/"


def listed(response) -> list[int]:
    return [claim.pk for claim in response.context["claims"]]


def options(html: str, name: str) -> list[str]:
    menu = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return [label.strip() for label in re.findall(r">([^<]*)</option>", menu.group(1))]


def test_the_sort_menu_names_each_order_once(client, researcher):
    client.force_login(researcher)
    labels = options(client.get(URL).content.decode(), "sort")
    assert labels.count("Oldest first") == 1
    assert len(labels) == len(set(labels))


def test_an_unknown_sort_is_named_not_silently_ignored(client, researcher):
    ClaimFactory()
    client.force_login(researcher)
    response = client.get(URL, {"sort": "colour"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Part of this address could not be read" in html
    assert "Sort “colour” was ignored" in html
    assert len(listed(response)) == 1  # the rest of the list still shows


def test_an_unreadable_page_parameter_is_named(client, researcher):
    client.force_login(researcher)
    html = client.get(URL, {"after": "abc"}).content.decode()
    assert "after=“abc” is not a number" in html


def test_status_sorts_in_workflow_order_across_pages(client, researcher):
    order = ["new", "researching", "in_review", "published", "not_checkable"]
    claims = {
        status: ClaimFactory(
            status=status, verdict="false" if status == "published" else ""
        )
        for status in reversed(order)
    }
    client.force_login(researcher)
    first = listed(client.get(URL, {"sort": "status", "size": 2}))
    assert first == [claims["new"].pk, claims["researching"].pk]
    second = listed(client.get(URL, {"sort": "status", "size": 2, "after": first[-1]}))
    assert second == [claims["in_review"].pk, claims["published"].pk]
    back = listed(client.get(URL, {"sort": "status", "size": 2, "before": second[0]}))
    assert back == first


def test_filter_menus_say_any_not_dashes_and_name_people_in_full(
    client, researcher, editor
):
    ReportFactory(title="Annual AI report")
    client.force_login(researcher)
    html = client.get(URL).content.decode()
    assert "---------" not in html
    assert options(html, "report")[0] == "Any report"
    people = options(html, "assignee")
    assert people[0] == "Anyone"
    assert "Rosa (researcher)" in people
    assert "Edith (editor)" in people


def test_the_evidence_form_says_a_bad_url_once(client, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_evidence_add", args=[claim.pk]),
        {"new_url": "not a url", "new_kind": "other", "stance": "supports"},
    )
    assert response.status_code == 400
    assert response.content.decode().count("Enter a valid URL.") == 1


def test_the_dashboard_names_a_report_once_above_its_sections(client, researcher):
    report = ReportFactory(title="Annual AI report")
    for section in ("Chips", "Health", "Energy"):
        AppearanceFactory(claim=ClaimFactory(), report=report, section=section)
    claim_tallies_rebuild()
    client.force_login(researcher)
    html = client.get(reverse("desk:dashboard")).content.decode()
    per_section = html[html.index('id="per-section"') :]
    assert per_section.count("Annual AI report") == 1
    assert all(name in per_section for name in ("Chips", "Health", "Energy"))


def test_a_timeline_entry_uses_one_date_format_and_full_names(
    client, editor, researcher
):
    claim = ClaimFactory()
    claim_assign(claim=claim, actor=editor, assignee=researcher)
    client.force_login(editor)
    html = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    timeline = html[html.index('id="timeline"') :]
    # Every date in the timeline reads like "30 Nov 2026 18:59:57".
    assert not re.search(r"[ap]\.m\.|, \d{4},", timeline)
    assert "<ins>Rosa</ins>" in timeline
    assert "<ins>researcher</ins>" not in timeline


def test_an_editor_who_wrote_the_verdict_is_told_why_there_is_no_approve(
    client, editor, other_editor
):
    claim = in_review_claim(editor)
    client.force_login(editor)
    html = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert "Approve" not in html[html.index('id="actions"') :].split("</section>")[0]
    assert "You wrote the verdict under review, so another editor approves it" in html
    client.force_login(other_editor)
    other = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert "You wrote the verdict under review" not in other


def test_the_403_page_does_not_tell_an_editor_to_ask_an_editor(
    client, editor, researcher
):
    client.force_login(editor)
    claim = in_review_claim(editor)
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "approve", "expected_version": claim.version},
    )
    assert response.status_code == 403
    assert "ask an editor" not in response.content.decode()
    client.force_login(researcher)
    response = client.get(reverse("desk:review_queue"))
    assert response.status_code == 403
    assert "ask an editor or an administrator" in response.content.decode()
