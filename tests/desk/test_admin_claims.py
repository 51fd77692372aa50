"""The admin: workflow actions through the services, audited edits, a read-only trail."""

import pytest

from audit.models import AuditEvent
from claims.models import Claim
from tests import states

pytestmark = pytest.mark.django_db
INLINES = ("appearances", "evidence", "reviews", "decisions", "verdict_versions")


def change_form(text: str) -> dict:
    """The claim admin's change form with a new text and no inline rows."""
    form = {
        "text": text,
        "topic": "",
        "kind": "statistic",
        "claimant_kind": "organisation",
        "seen_version": 1,
    }
    for prefix in INLINES:
        form.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return form


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_claim_admin_links_to_the_claims_timeline(editor_client, researcher):
    from claims.services.claims import claim_update

    claim = states.researching_claim(researcher)
    claim_update(
        claim=claim, actor=researcher, expected_version=1, changes={"topic": "Chips"}
    )
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert f'href="/audit/claims/{claim.pk}/"' in page
    assert "researcher edited claim" in page


def test_editor_sees_the_claims_changelist(editor_client):
    claim = states.new_claim()
    response = editor_client.get("/admin/claims/claim/")
    assert response.status_code == 200
    assert claim.text in response.content.decode()


def test_changelist_searches_the_full_text_index_and_filters_by_report(
    admin_client,
):
    from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory

    report = ReportFactory(title="Battery outlook")
    stemmed = AppearanceFactory(
        report=report, claim=ClaimFactory(text="Battery markets grew.")
    ).claim
    other = ClaimFactory(text="Solar output fell.")

    def listed(params) -> set[int]:
        response = admin_client.get("/admin/claims/claim/", params)
        assert response.status_code == 200
        return {c.pk for c in response.context["cl"].result_list}

    # Stemming shows the index is used: "market" finds "markets".
    assert listed({"q": "market"}) == {stemmed.pk}
    assert listed({"report": report.pk}) == {stemmed.pk}
    assert other.pk in listed({})
    assert (
        "Battery outlook" in admin_client.get("/admin/claims/claim/").content.decode()
    )


def test_a_transition_action_asks_for_the_reason_then_runs_the_service(
    editor_client, editor
):
    claim = states.new_claim()
    data = {"action": "transition_mark_not_checkable", "_selected_action": [claim.pk]}
    page = editor_client.post("/admin/claims/claim/", data)
    assert page.status_code == 200
    assert "A reason is required" in page.content.decode()

    editor_client.post("/admin/claims/claim/", {**data, "apply": "1", "reason": ""})
    assert Claim.objects.get(pk=claim.pk).status == "new"

    editor_client.post(
        "/admin/claims/claim/", {**data, "apply": "1", "reason": "Opinion."}
    )
    claim.refresh_from_db()
    assert claim.status == "not_checkable"
    event = AuditEvent.objects.get(action="claim.marked_not_checkable")
    assert (event.actor, event.comment) == (editor, "Opinion.")


def test_the_assign_action_shares_the_desks_bulk_rule(
    editor_client, researcher, other_researcher
):
    new = states.new_claim()
    open_claim = states.researching_claim(researcher)
    in_review = states.in_review_claim(researcher)
    data = {
        "action": "assign_claims",
        "_selected_action": [new.pk, open_claim.pk, in_review.pk],
    }
    page = editor_client.post("/admin/claims/claim/", data)
    assert page.status_code == 200
    assert 'name="assignee"' in page.content.decode()

    response = editor_client.post(
        "/admin/claims/claim/",
        {**data, "apply": "1", "assignee": other_researcher.pk},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "Assigned: 2 claims." in texts
    assert any(t.startswith(f"Claim #{in_review.pk}:") for t in texts)
    for claim in (new, open_claim):
        claim.refresh_from_db()
        assert (claim.status, claim.assignee) == ("researching", other_researcher)
    assert Claim.objects.get(pk=in_review.pk).assignee == researcher
    assert AuditEvent.objects.filter(action="claim.research_started").count() == 1
    assert AuditEvent.objects.filter(action="claim.assigned").count() == 1


def test_four_eyes_holds_in_the_admin(client, admin):
    claim = states.in_review_claim(admin)
    client.force_login(admin)
    client.post(
        "/admin/claims/claim/",
        {"action": "transition_approve", "_selected_action": [claim.pk], "apply": "1"},
    )
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert AuditEvent.objects.filter(action="access.refused").exists()


def test_approving_over_a_disagreement_in_the_admin_needs_the_same_confirmation(
    editor_client, researcher, other_researcher
):
    from reviews.models import Decision, VerdictVersion
    from tests.factories import ReviewFactory

    claim = states.in_review_claim(researcher)
    ReviewFactory(
        claim=claim,
        reviewer=other_researcher,
        rating="false",
        cited_evidence=list(claim.evidence.all()),
    )
    data = {"action": "transition_approve", "_selected_action": [claim.pk]}
    page = editor_client.post("/admin/claims/claim/", data).content.decode()
    assert "The reviews of this round disagree" in page
    assert "Mostly true" in page and "False" in page
    assert "Preview what would be published" in page

    refused = editor_client.post(
        "/admin/claims/claim/", {**data, "apply": "1", "note": "Fine."}, follow=True
    )
    assert "publish despite disagreement" in refused.content.decode().lower()
    assert Claim.objects.get(pk=claim.pk).status == "in_review"

    editor_client.post(
        "/admin/claims/claim/",
        {
            **data,
            "apply": "1",
            "note": "The second opinion cites the old table.",
            "publish_despite_disagreement": "on",
        },
    )
    assert Claim.objects.get(pk=claim.pk).status == "published"
    assert Decision.objects.get(
        claim=claim, kind="approve"
    ).published_despite_disagreement
    assert VerdictVersion.objects.get(claim=claim).number == 1


def test_reopening_in_the_admin_keeps_the_reason_internal(
    editor_client, editor, researcher
):
    from reviews.models import Decision
    from reviews.services import claim_approve

    claim = claim_approve(claim=states.in_review_claim(researcher), actor=editor)
    data = {"action": "transition_reopen", "_selected_action": [claim.pk]}
    page = editor_client.post("/admin/claims/claim/", data).content.decode()
    assert "Internal reason" in page and "Public correction note" in page

    editor_client.post(
        "/admin/claims/claim/",
        {
            **data,
            "apply": "1",
            "reason": "Internal: a reader's e-mail.",
            "public_note": "A newer bulletin was published.",
        },
    )
    reopening = Decision.objects.get(claim=claim, kind="reopen")
    assert (reopening.note, reopening.public_note) == (
        "Internal: a reader's e-mail.",
        "A newer bulletin was published.",
    )


def test_editing_a_claim_in_the_admin_is_audited_and_stale_saves_are_refused(
    editor_client, researcher
):
    claim = states.researching_claim(researcher)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    response = editor_client.post(url, change_form("Edited in the admin."))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("Edited in the admin.", 2)
    assert (
        AuditEvent.objects.get(action="claim.changed").data["changes"]["text"]["new"]
        == "Edited in the admin."
    )

    stale = editor_client.post(url, change_form("Based on version 1."))
    assert stale.status_code == 200
    assert "Someone else changed this record" in stale.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Edited in the admin."


def test_the_audit_trail_is_read_only_in_the_admin(editor_client, admin, client):
    client.force_login(admin)
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 200


def test_admin_changes_to_users_are_audited(client, admin, researcher):
    client.force_login(admin)
    response = client.post(
        f"/admin/auth/user/{researcher.pk}/change/",
        {
            "username": "researcher",
            "first_name": "Rosa",
            "last_name": "Renamed",
            "email": "",
            "is_active": "on",
            "groups": [g.pk for g in researcher.groups.all()],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="user.changed")
    assert event.actor == admin and event.subject_id == str(researcher.pk)
    assert event.data["changes"]["last_name"] == {"old": "", "new": "Renamed"}
    assert "password" not in event.data["changes"]


def test_granting_a_role_in_the_admin_records_the_groups(client, admin, researcher):
    from django.contrib.auth.models import Group

    editors = Group.objects.get_or_create(name="Editors")[0]
    client.force_login(admin)
    client.post(
        f"/admin/auth/user/{researcher.pk}/change/",
        {
            "username": "researcher",
            "first_name": "Rosa",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "groups": [g.pk for g in researcher.groups.all()] + [editors.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "00:00:00",
        },
    )
    event = AuditEvent.objects.get(action="user.changed")
    assert event.data["changes"]["groups"] == {
        "old": ["Researchers"],
        "new": ["Editors", "Researchers"],
    }


def test_a_refused_admin_edit_changes_nothing_and_is_recorded(client, researcher):
    # Admin rights on the model are not a role on the desk: the service refuses,
    # and the refusal survives the admin's rolled-back transaction.
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(codename__in=["view_claim", "change_claim"])
    )
    claim = states.researching_claim(researcher)
    client.force_login(clerk)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    response = client.post(url, change_form("Rewritten."), follow=True)
    assert "Not saved" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).text != "Rewritten."
    refusal = AuditEvent.objects.get(action="access.refused")
    assert refusal.actor == clerk


def test_verdict_versions_are_read_only_in_the_admin(editor_client, editor, researcher):
    from reviews.models import VerdictVersion
    from reviews.services import claim_approve

    claim = claim_approve(claim=states.in_review_claim(researcher), actor=editor)
    version = VerdictVersion.objects.get(claim=claim)

    listing = editor_client.get("/admin/reviews/verdictversion/")
    assert listing.status_code == 200
    assert str(claim) in listing.content.decode()
    page = editor_client.get(f"/admin/reviews/verdictversion/{version.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    change = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert "Verdict versions" in change.content.decode()
