"""Adding a workflow step: declare its transition, write its service, add its row.

A throwaway step, ``flag_for_legal`` (a claim in research stays in research, an
editor says what legal should look at), is added exactly as docs/development.md
says and nothing else is touched: the claim page offers its button, the admin
lists its action, the API answers on its route, and the trail has its words.
"""

import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import clear_url_caches, reverse
from django_fsm import transition

import audit.registry
from audit.models import AuditEvent
from audit.recorder import records_refusal
from claims.models import Claim, ClaimStatus
from claims.permissions import user_can_decide
from claims.services.guards import require_text
from claims.services.workflow import claim_run_transition
from reviews.workflow import WORKFLOW, StepField, WorkflowStep
from tests import states
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

NOTE = "Check the quote from the ministry before we publish."


# --- the three changes the recipe asks for -----------------------------------------


def _declare_the_transition(mp: pytest.MonkeyPatch) -> None:
    """1. On Claim, as if written in claims/models.py."""
    status = Claim._meta.get_field("status")

    @transition(
        field=status,
        source=ClaimStatus.RESEARCHING,
        target=ClaimStatus.RESEARCHING,
        permission=user_can_decide,
        custom={"action": "claim.flagged_for_legal"},
    )
    def flag_for_legal(self) -> None:
        pass

    mp.setattr(Claim, "flag_for_legal", flag_for_legal, raising=False)
    # What django-fsm collects from the class body when the model is prepared.
    mp.setitem(status.transitions[Claim], "flag_for_legal", flag_for_legal)


@records_refusal("claim.flag_for_legal")
@transaction.atomic
def claim_flag_for_legal(
    *, claim: Claim, actor, note: str, expected_version: int | None = None
) -> Claim:
    """2. Its service."""
    note = require_text(note, "note")
    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="flag_for_legal",
        expected_version=expected_version,
        comment=note,
    )


FLAG_FOR_LEGAL = WorkflowStep(
    name="flag_for_legal",
    label="Flag for legal review",
    service=claim_flag_for_legal,
    fields=(StepField("note", "What legal should look at", required=True),),
    route="actions/flag_for_legal",
    message="{actor} flagged {subject} for legal review",
)


def _restart() -> None:
    """What starting the server does with the table: register the steps' audit
    messages (the reviews app's ready) and build the API's routes (its modules)."""
    apps.get_app_config("reviews").ready()
    for module in ("reviews.api", "reviews.api_urls", "config.api_urls", "config.urls"):
        importlib.reload(importlib.import_module(module))
    clear_url_caches()


@pytest.fixture
def flag_for_legal():
    with pytest.MonkeyPatch.context() as mp:
        # The registry is put back afterwards, so no other test sees the step.
        mp.setattr(audit.registry, "_ACTIONS", dict(audit.registry._ACTIONS))
        _declare_the_transition(mp)
        mp.setitem(WORKFLOW, FLAG_FOR_LEGAL.name, FLAG_FOR_LEGAL)  # 3. its row
        _restart()
        yield FLAG_FOR_LEGAL
    _restart()


# --- what follows from them -----------------------------------------------------------


def test_the_claim_page_offers_the_new_step_and_runs_it(
    client, editor, researcher, flag_for_legal
):
    claim = states.researching_claim(researcher)
    page = reverse("desk:claim_detail", args=[claim.pk])

    client.force_login(researcher)
    assert 'value="flag_for_legal"' not in client.get(page).content.decode()

    client.force_login(editor)
    html = client.get(page).content.decode()
    assert 'value="flag_for_legal"' in html
    assert "What legal should look at" in html
    assert ">Flag for legal review</button>" in html

    action = reverse("desk:claim_action", args=[claim.pk])
    empty = client.post(action, {"action": "flag_for_legal", "expected_version": 1})
    assert empty.status_code == 400
    assert "A note is required." in empty.content.decode()

    done = client.post(
        action,
        {"action": "flag_for_legal", "expected_version": 1, "note": NOTE},
        follow=True,
    )
    assert "Flag for legal review: done." in done.content.decode()
    event = AuditEvent.objects.get(action="claim.flagged_for_legal")
    assert (event.actor, event.comment) == (editor, NOTE)
    # The timeline speaks the row's message.
    assert "editor flagged" in done.content.decode()
    assert "for legal review" in done.content.decode()


def test_the_admin_lists_the_new_step_and_runs_it(
    client, editor, researcher, flag_for_legal
):
    claim = states.researching_claim(researcher)
    client.force_login(editor)

    changelist = client.get("/admin/claims/claim/").content.decode()
    assert '<option value="transition_flag_for_legal">' in changelist
    assert "Flag for legal review" in changelist

    data = {"action": "transition_flag_for_legal", "_selected_action": [claim.pk]}
    asked = client.post("/admin/claims/claim/", data).content.decode()
    assert "A note is required." in asked
    client.post("/admin/claims/claim/", {**data, "apply": "1", "note": NOTE})

    event = AuditEvent.objects.get(action="claim.flagged_for_legal")
    assert (event.actor, event.comment, event.subject_id) == (
        editor,
        NOTE,
        str(claim.pk),
    )


def test_the_api_answers_on_the_new_route(editor, researcher, flag_for_legal):
    as_editor, as_researcher = token_client(editor), token_client(researcher)
    claim = states.researching_claim(researcher)
    url = reverse("api:v1:claim-action-flag-for-legal", args=[claim.pk])
    assert url == f"/api/v1/claims/{claim.pk}/actions/flag_for_legal/"

    assert as_researcher.post(url, {"note": NOTE}, format="json").status_code == 403
    assert as_editor.post(url, {}, format="json").status_code == 400
    done = as_editor.post(url, {"note": NOTE}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "researching"
    assert done["ETag"].startswith(f'"{claim.version + 1}-')
    assert (
        "flag_for_legal"
        in as_editor.get(f"/api/v1/claims/{claim.pk}/").json()["available_actions"]
    )

    in_review = states.in_review_claim(researcher)
    wrong_state = reverse("api:v1:claim-action-flag-for-legal", args=[in_review.pk])
    assert as_editor.post(wrong_state, {"note": NOTE}, format="json").status_code == 409


def test_the_api_schema_documents_the_new_route(client, flag_for_legal):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/claims/{id}/actions/flag_for_legal/"]["post"]

    assert operation["summary"].startswith("Flag for legal review")
    assert {"200", "400", "403", "404", "409", "412"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]
    assert request["required"] == ["note"]


def test_without_the_step_nothing_of_it_is_left(client, editor, researcher):
    claim = states.researching_claim(researcher)
    client.force_login(editor)

    assert "flag_for_legal" not in WORKFLOW
    assert (
        "flag_for_legal"
        not in client.get(
            reverse("desk:claim_detail", args=[claim.pk])
        ).content.decode()
    )
    assert "flag_for_legal" not in client.get("/admin/claims/claim/").content.decode()
    assert client.post(
        f"/api/v1/claims/{claim.pk}/actions/flag_for_legal/"
    ).status_code in (401, 403, 404)
